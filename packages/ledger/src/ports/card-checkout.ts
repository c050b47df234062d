/** What a checkout needs to know; the Stripe adapter implements it. */
export interface CardCheckout {
  createCheckout(request: {
    fundId: string;
    fundName: string;
    pledgeId: string;
    reference: string;
    amount: number;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ sessionId: string; url: string }>;
}

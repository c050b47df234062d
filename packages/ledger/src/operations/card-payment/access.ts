import type { Access } from '../../access/access.ts';

/** Only Stripe, by a webhook whose signature checked out, reports card payments, fees and refunds. */
export const recordCardPaymentAccess: Access = {
  operation: 'record-card-payment',
  grants: [{ processor: 'stripe' }],
  fund: 'record',
};

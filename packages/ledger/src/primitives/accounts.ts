/**
 * The chart of accounts of a fund. Debits are positive, credits negative:
 * assets and expenses grow with positive postings, income grows with negative ones.
 */
export const ACCOUNTS = {
  bank: 'assets:bank',
  cash: 'assets:cash',
  stripe: 'assets:stripe',
  pledges: 'assets:pledges',
  pledgedIncome: 'income:pledged',
  donations: 'income:donations',
  fees: 'expenses:fees',
} as const;

/** Accounts that hold the fund's money; their sum is the balance the public sees. */
export const MONEY_ACCOUNTS: readonly string[] = [ACCOUNTS.bank, ACCOUNTS.cash, ACCOUNTS.stripe];

/**
 * Accounts no entry may take below zero: money in the bank or in cash, and what donors still
 * owe. Stripe is not one: a refund after Stripe kept its fee leaves the Stripe balance short,
 * and Stripe settles that from the bank; refusing the refund would only hide money that really
 * went back to the donor.
 */
export const NON_NEGATIVE_ACCOUNTS: readonly string[] = [
  ACCOUNTS.bank,
  ACCOUNTS.cash,
  ACCOUNTS.pledges,
];

export type PaymentMethod = 'cash' | 'transfer' | 'card';

export function moneyAccountFor(method: PaymentMethod): string {
  if (method === 'cash') return ACCOUNTS.cash;
  if (method === 'card') return ACCOUNTS.stripe;
  return ACCOUNTS.bank;
}

export function expenseAccount(category: string): string {
  return `expenses:${category}`;
}

export function chartOfAccounts(categories: readonly string[]): string[] {
  return [...Object.values(ACCOUNTS), ...categories.map(expenseAccount)];
}

export function isExpenseAccount(account: string): boolean {
  return account.startsWith('expenses:');
}

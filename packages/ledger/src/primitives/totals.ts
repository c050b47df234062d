import { ACCOUNTS, isExpenseAccount, MONEY_ACCOUNTS } from './accounts.ts';
import { addMoney, negate } from './money.ts';

/** What the public sees of a fund, in whole đồng. */
export interface FundTotals {
  /** Promised and not cancelled. */
  pledged: number;
  /** Money that came in: pledge payments plus gifts without a pledge. */
  received: number;
  /** Money that went out, fees included. */
  spent: number;
  /** Money held now: bank + cash + Stripe. */
  balance: number;
  /** Pledged but not yet paid. */
  outstanding: number;
}

export type Balances = Record<string, number>;

export function totalsFromBalances(balances: Balances): FundTotals {
  const get = (account: string) => balances[account] ?? 0;
  const pledged = negate(get(ACCOUNTS.pledgedIncome));
  const outstanding = get(ACCOUNTS.pledges);
  const received = addMoney(
    negate(get(ACCOUNTS.donations)),
    addMoney(pledged, negate(outstanding)),
  );
  let spent = 0;
  for (const [account, amount] of Object.entries(balances)) {
    if (isExpenseAccount(account)) spent = addMoney(spent, amount);
  }
  let balance = 0;
  for (const account of MONEY_ACCOUNTS) balance = addMoney(balance, get(account));
  return { pledged, received, spent, balance, outstanding };
}

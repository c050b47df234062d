import { chartOfAccounts } from './accounts.ts';
import type { Head } from './head.ts';

export interface BankAccount {
  /** The bank's 6-digit NAPAS BIN, e.g. 970436 for Vietcombank. */
  bin: string;
  accountNumber: string;
  accountName: string;
}

export interface SpendingCategory {
  id: string;
  name: string;
}

export interface Fund {
  id: string;
  name: string;
  description: string;
  /** Who runs the fund, e.g. "Công an phường Pú Trạng". */
  owner: string;
  currency: 'VND';
  goal: number;
  bankAccount: BankAccount;
  categories: SpendingCategory[];
  /** The receiving window (ISO 8601 instants). */
  opensAt: string;
  closesAt: string;
  createdAt: string;
  createdBy: string;
}

/** A fund with the head of its journal, as the store keeps them together. */
export interface FundState {
  fund: Fund;
  head: Head;
}

export function fundChart(fund: Fund): string[] {
  return chartOfAccounts(fund.categories.map((c) => c.id));
}

export function isReceiving(fund: Fund, at: Date): boolean {
  const t = at.getTime();
  return t >= Date.parse(fund.opensAt) && t < Date.parse(fund.closesAt);
}

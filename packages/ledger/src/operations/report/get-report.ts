import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { expenseAccount } from '../../primitives/accounts.ts';
import { effectOf } from '../../primitives/aggregates.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { FundState } from '../../primitives/fund.ts';
import { headTotals } from '../../primitives/head.ts';
import { isReference } from '../../primitives/reference-code.ts';
import type { FundTotals } from '../../primitives/totals.ts';
import { requireFund } from '../common/read.ts';

type ReadDeps = Pick<LedgerDeps, 'store'>;

export interface FundReport {
  fundId: string;
  name: string;
  description: string;
  owner: string;
  currency: 'VND';
  opensAt: string;
  closesAt: string;
  head: { seq: number; hash: string };
  totals: FundTotals;
  goal: { amount: number; received: number; remaining: number; percent: number };
  spendingByCategory: { category: string; name: string; amount: number }[];
  byMonth: { month: string; received: number; spent: number }[];
  incomeByDonorKind: { kind: string; amount: number }[];
  anonymous: { received: number; pledged: number };
  donors: { name: string; kind: string; pledged: number; received: number }[];
  donorsNext?: string;
  /** Public businesses that pledged: pledged vs paid (from the same page of donors). */
  businesses: { name: string; pledged: number; paid: number }[];
  payees: { name: string; kind: string; spent: number }[];
  payeesNext?: string;
}

/** Percent as a whole number, rounded down: integer arithmetic only. */
function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((Math.max(0, part) * 100) / whole);
}

/** The sections that come from the head alone: one read, however long the journal. */
export function reportFromState({
  fund,
  head,
}: FundState): Omit<FundReport, 'donors' | 'businesses' | 'payees'> {
  const totals = headTotals(head);
  const categories = [...fund.categories, { id: 'fees', name: 'Phí thanh toán' }];
  const spendingByCategory = categories
    .map((c) => ({
      category: c.id,
      name: c.name,
      amount: head.balances[expenseAccount(c.id)] ?? 0,
    }))
    .filter((c) => c.category !== 'fees' || c.amount !== 0);
  const byMonth = Object.keys(head.months)
    .sort()
    .map((month) => {
      const balances = head.months[month] ?? {};
      const postings = Object.entries(balances).map(([account, amount]) => ({ account, amount }));
      const { received, spent } = effectOf({ postings });
      return { month, received, spent };
    })
    .filter((m) => m.received !== 0 || m.spent !== 0);
  const incomeByDonorKind = Object.entries(head.counters)
    .filter(([name, amount]) => name.startsWith('in:') && amount !== 0)
    .map(([name, amount]) => ({ kind: name.slice(3), amount }))
    .sort((a, b) => b.amount - a.amount);
  return {
    fundId: fund.id,
    name: fund.name,
    description: fund.description,
    owner: fund.owner,
    currency: fund.currency,
    opensAt: fund.opensAt,
    closesAt: fund.closesAt,
    head: { seq: head.seq, hash: head.hash },
    totals,
    goal: {
      amount: fund.goal,
      received: totals.received,
      remaining: Math.max(0, fund.goal - totals.received),
      percent: percentOf(totals.received, fund.goal),
    },
    spendingByCategory,
    byMonth,
    incomeByDonorKind,
    anonymous: {
      received: head.counters['anon:received'] ?? 0,
      pledged: head.counters['anon:pledged'] ?? 0,
    },
  };
}

export async function getReport(
  deps: ReadDeps,
  fundId: string,
  page: { limit: number; donorsAfter?: string; payeesAfter?: string },
): Promise<FundReport> {
  const state = await requireFund(deps, fundId);
  const [donorPage, payeePage] = await Promise.all([
    deps.store.listAggregates('donors', fundId, {
      limit: page.limit,
      ...(page.donorsAfter ? { after: page.donorsAfter } : {}),
    }),
    deps.store.listAggregates('payees', fundId, {
      limit: page.limit,
      ...(page.payeesAfter ? { after: page.payeesAfter } : {}),
    }),
  ]);
  const donors = donorPage.rows
    .map((r) => ({
      name: r.label,
      kind: r.kind,
      pledged: r.sums.pledged ?? 0,
      received: r.sums.received ?? 0,
    }))
    .filter((d) => d.pledged !== 0 || d.received !== 0);
  return {
    ...reportFromState(state),
    donors,
    ...(donorPage.next ? { donorsNext: donorPage.next } : {}),
    businesses: donors
      .filter((d) => d.kind === 'business' && d.pledged > 0)
      .map((d) => ({ name: d.name, pledged: d.pledged, paid: Math.min(d.received, d.pledged) })),
    payees: payeePage.rows
      .map((r) => ({ name: r.label, kind: r.kind, spent: r.sums.spent ?? 0 }))
      .filter((p) => p.spent !== 0),
    ...(payeePage.next ? { payeesNext: payeePage.next } : {}),
  };
}

/** "Find my donation": by pledge reference, else by bank transaction reference. */
export async function findEntries(deps: ReadDeps, fundId: string, query: string): Promise<Entry[]> {
  const text = query.trim();
  if (text.length === 0) return [];
  const code = text.toUpperCase();
  if (isReference(code)) {
    const pledgeId = await deps.store.pledges.idByReference(fundId, code);
    if (pledgeId) return deps.store.entriesAbout(fundId, { pledgeId });
  }
  return deps.store.entriesByExternalRef(fundId, { bankRef: text });
}

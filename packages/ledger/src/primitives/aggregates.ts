import { ACCOUNTS, isExpenseAccount } from './accounts.ts';
import { type Entry, netByAccount } from './entry.ts';
import { addMoney, negate } from './money.ts';
import { ANONYMOUS_NAME } from './rules.ts';

/**
 * What one entry adds to the running figures the report reads, so the report costs one read
 * of the head plus one page per list, however long the journal. Derived from the postings alone,
 * so a reversal (postings negated) takes back exactly what its original added.
 */
export interface EntryEffect {
  /** Money in: pledge payments and gifts. */
  received: number;
  /** Promised (net of cancellations). */
  pledged: number;
  /** Money out, fees included. */
  spent: number;
}

/** The public lists a fund's report pages through. */
export type AggregateList = 'donors' | 'payees';

export interface AggregateRow {
  list: AggregateList;
  fundId: string;
  key: string;
  label: string;
  kind: string;
  add: Record<string, number>;
}

export interface EntryAggregates {
  /** Head counters: `in:<donor kind>` money received by kind; `anon:received`, `anon:pledged`. */
  counters: Record<string, number>;
  rows: AggregateRow[];
}

export function effectOf(entry: Pick<Entry, 'postings'>): EntryEffect {
  const net = netByAccount(entry.postings);
  const get = (account: string) => net.get(account) ?? 0;
  let spent = 0;
  for (const [account, delta] of net) if (isExpenseAccount(account)) spent = addMoney(spent, delta);
  const pledged = negate(get(ACCOUNTS.pledgedIncome));
  return {
    pledged,
    // Same formula as the totals: donations + (pledged − outstanding), per entry.
    received: addMoney(
      negate(get(ACCOUNTS.donations)),
      addMoney(pledged, negate(get(ACCOUNTS.pledges))),
    ),
    spent,
  };
}

export function aggregatesOf(entry: Entry): EntryAggregates {
  const { received, pledged, spent } = effectOf(entry);
  const counters: Record<string, number> = {};
  const rows: AggregateRow[] = [];
  const add = (name: string, value: number) => {
    if (value !== 0) counters[name] = addMoney(counters[name] ?? 0, value);
  };
  if (entry.donor && (received !== 0 || pledged !== 0)) {
    add(`in:${entry.donor.kind ?? 'unknown'}`, received);
    if (entry.donor.displayName === ANONYMOUS_NAME) {
      add('anon:received', received);
      add('anon:pledged', pledged);
    } else {
      rows.push({
        list: 'donors',
        fundId: entry.fundId,
        key: entry.donor.id,
        label: entry.donor.displayName,
        kind: entry.donor.kind ?? 'unknown',
        add: { received, pledged },
      });
    }
  } else if (received !== 0) {
    add('in:unknown', received);
  }
  if (entry.payee && spent !== 0) {
    rows.push({
      list: 'payees',
      fundId: entry.fundId,
      key: entry.payee.name.normalize('NFC').toLowerCase(),
      label: entry.payee.name,
      kind: entry.payee.kind,
      add: { spent },
    });
  }
  return { counters, rows };
}

/** Rows for the same (group, key) merged: one transaction may touch a donor twice. */
export function mergeRows(rows: AggregateRow[]): AggregateRow[] {
  const merged = new Map<string, AggregateRow>();
  for (const row of rows) {
    const id = `${row.list}\u0000${row.fundId}\u0000${row.key}`;
    const seen = merged.get(id);
    if (!seen) {
      merged.set(id, { ...row, add: { ...row.add } });
      continue;
    }
    for (const [name, value] of Object.entries(row.add))
      seen.add[name] = addMoney(seen.add[name] ?? 0, value);
  }
  return [...merged.values()];
}

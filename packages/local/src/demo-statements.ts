import {
  ACCOUNTS,
  type Actor,
  declareStatement,
  type Entry,
  type Fund,
  groupFor,
  markUploaded,
  normaliseMemo,
  runStatementImport,
  type StatementDeps,
  staff,
  vietnamDate,
} from '@soquy/ledger';

/** The demo's statements are imported on 2026-11-21, for the fund's whole story until the 20th. */
const IMPORTED_AT = '2026-11-21T02:00:00.000Z';
const TO = '2026-11-20';
const at = (day: string, time: string) => new Date(`${day}T${time}+07:00`).toISOString();

const on = (deps: StatementDeps, instant: string): StatementDeps => ({
  ...deps,
  clock: () => new Date(instant),
});

type Line = {
  bookedAt: string;
  direction: 'in' | 'out';
  amount: number;
  memo: string;
  ref?: string;
  counterpart?: { name?: string; account?: string; bank?: string };
};

/** What the bank shows for each entry that moved the fund's bank account. */
function bankLineOf(entry: Entry): Line | undefined {
  const posting = entry.postings.find((p) => p.account === ACCOUNTS.bank);
  if (!posting) return undefined;
  const ref = entry.refs.bankRef;
  if (posting.amount > 0) {
    const code = entry.refs.pledgeReference;
    return {
      bookedAt: entry.occurredAt,
      direction: 'in',
      amount: posting.amount,
      memo: code ? `MBVCB.32786${entry.seq}.UNG HO ${code}.CT tu 0123456789` : 'UNG HO QUY',
      ...(ref ? { ref } : {}),
    };
  }
  // The bank writes the payee without diacritics, as banks do.
  const payee = normaliseMemo(entry.payee?.name ?? '').slice(0, 40);
  return {
    bookedAt: entry.occurredAt,
    direction: 'out',
    amount: -posting.amount,
    memo: `CHUYEN TIEN ${payee}`,
    ...(ref ? { ref } : {}),
  };
}

/**
 * One imported Vietcombank statement per demo fund, covering its story so far and written by
 * the same writer the tests use. The transfers the treasurer typed in with their bank
 * references are found again (duplicates, nothing booked twice); the transfers paid for the
 * approved disbursements are matched to them; three lines are left for the review queue: two
 * gifts with no pledge reference, and money out that no approved disbursement explains.
 */
export async function loadDemoStatement(
  deps: StatementDeps,
  fund: Pick<Fund, 'id' | 'bankAccount' | 'opensAt'>,
): Promise<number> {
  const treasurer: Actor = staff({
    userId: 'demo-demo-thuquy',
    username: 'demo-thuquy',
    groups: [groupFor('treasurer', fund.id)],
  });
  const entries = await deps.store.readEntries(fund.id, { after: 0, limit: 10_000 });
  const lines: Line[] = entries
    .map(bankLineOf)
    .filter((line): line is Line => line !== undefined)
    .concat([
      {
        bookedAt: at('2026-11-18', '21:40:05'),
        direction: 'in',
        amount: 300_000,
        memo: 'NGUYEN THI HOA chuyen tien ung ho an ninh to dan pho',
        ref: `FT26322998${fund.id.length}0431`,
        counterpart: { name: 'NGUYEN THI HOA', account: '0451000123456', bank: 'VCB' },
      },
      {
        bookedAt: at('2026-11-19', '07:05:59'),
        direction: 'in',
        amount: 1_000_000,
        memo: 'IBFT UNG HO QUY',
        ref: `FT26323100${fund.id.length}3510`,
      },
      {
        bookedAt: at('2026-11-20', '10:30:00'),
        direction: 'out',
        amount: 200_000,
        memo: 'PHI QUAN LY TAI KHOAN',
        ref: `FT26324445${fund.id.length}1002`,
      },
    ])
    .sort((a, b) => a.bookedAt.localeCompare(b.bookedAt));
  const { writeStatement } = await import('@soquy/bank/samples');
  const from = vietnamDate(fund.opensAt);
  const bytes = await writeStatement('vietcombank', 'xlsx', {
    account: fund.bankAccount.accountNumber,
    from,
    to: TO,
    openingBalance: 0,
    lines,
  });
  const sha256 = await deps.statementFiles.put(fund.id, bytes);
  const importing = on(deps, IMPORTED_AT);
  const { statement } = await declareStatement(
    importing,
    fund.id,
    { sha256, size: bytes.length, fileName: `saoke-${fund.id}-${from}-${TO}.xlsx` },
    treasurer,
  );
  await markUploaded(importing, fund.id, sha256);
  const done = await runStatementImport(importing, statement.statementId);
  return done.matched;
}

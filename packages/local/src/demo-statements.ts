import {
  type Actor,
  createPledge,
  declareStatement,
  type Fund,
  groupFor,
  ledgerBankBalanceAt,
  markUploaded,
  PUBLIC,
  runStatementImport,
  type StatementDeps,
  staff,
} from '@soquy/ledger';

/** The demo statements' story: the week before 2026-11-21, when the treasurer imports it. */
const IMPORTED_AT = '2026-11-21T02:00:00.000Z';
const FROM = '2026-11-16';
const TO = '2026-11-20';
const at = (day: string, time: string) => new Date(`${day}T${time}+07:00`).toISOString();

const on = (deps: StatementDeps, instant: string): StatementDeps => ({
  ...deps,
  clock: () => new Date(instant),
});

/**
 * One imported Vietcombank statement per demo fund, written by the same writer the tests use:
 * two transfers that pay new pledges by their reference (booked with no one typing them), and
 * three lines left for the review queue — two gifts with no reference, and money out that no
 * approved disbursement explains.
 */
export async function loadDemoStatement(
  deps: StatementDeps,
  fund: Pick<Fund, 'id' | 'bankAccount'>,
): Promise<number> {
  const treasurer: Actor = staff({
    userId: 'demo-demo-thuquy',
    username: 'demo-thuquy',
    groups: [groupFor('treasurer', fund.id)],
  });
  const pledges = [];
  for (const [i, donor] of [
    { name: 'Cửa hàng điện máy Thành Công', kind: 'business' as const, amount: 2_000_000 },
    { name: 'Gia đình ông Lò Văn Sơn', kind: 'household' as const, amount: 500_000 },
  ].entries()) {
    pledges.push(
      await createPledge(
        on(deps, at(FROM, '08:00:00')),
        fund.id,
        {
          donor: { name: donor.name, kind: donor.kind, showName: true },
          amount: donor.amount,
          method: 'transfer',
        },
        PUBLIC,
        `demo-${fund.id}-statement-pledge-${i + 1}`,
      ),
    );
  }
  const [first, second] = pledges as [(typeof pledges)[0], (typeof pledges)[0]];
  const account = fund.bankAccount.accountNumber;
  const opening = await ledgerBankBalanceAt(deps, fund.id, '2026-11-15');
  // The statement writer (exceljs) is loaded only when demo data is written.
  const { writeStatement } = await import('@soquy/bank/samples');
  const bytes = await writeStatement('vietcombank', 'xlsx', {
    account,
    from: FROM,
    to: TO,
    openingBalance: opening,
    lines: [
      {
        bookedAt: at('2026-11-17', '09:12:40'),
        direction: 'in',
        amount: first.amount,
        memo: `MBVCB.3278614421.UNG HO ${first.reference}.CT tu 0123456789 CUA HANG THANH CONG toi ${account}`,
        ref: '5213.45946',
      },
      {
        bookedAt: at('2026-11-18', '20:03:11'),
        direction: 'in',
        amount: second.amount,
        memo: `ung ho ${second.reference.slice(0, 3)} ${second.reference.slice(3)} - Ma GD ACSP/ gz333212`,
        ref: 'FT26322810450067',
      },
      {
        bookedAt: at('2026-11-18', '21:40:05'),
        direction: 'in',
        amount: 300_000,
        memo: 'NGUYEN THI HOA chuyen tien ung ho an ninh to dan pho',
        ref: 'FT26322998120431',
        counterpart: { name: 'NGUYEN THI HOA', account: '0451000123456', bank: 'VCB' },
      },
      {
        bookedAt: at('2026-11-19', '07:05:59'),
        direction: 'in',
        amount: 1_000_000,
        memo: 'IBFT UNG HO QUY',
        ref: 'FT26323100233510',
      },
      {
        bookedAt: at('2026-11-20', '10:30:00'),
        direction: 'out',
        amount: 1_200_000,
        memo: 'CHUYEN TIEN SUA CHUA DEN DUONG',
        ref: 'FT26324445781002',
      },
    ],
  });
  const sha256 = await deps.statementFiles.put(fund.id, bytes);
  const importing = on(deps, IMPORTED_AT);
  const { statement } = await declareStatement(
    importing,
    fund.id,
    { sha256, size: bytes.length, fileName: `saoke-${fund.id}-${FROM}-${TO}.xlsx` },
    treasurer,
  );
  await markUploaded(importing, fund.id, sha256);
  const done = await runStatementImport(importing, statement.statementId);
  return done.matched;
}

import { effectOf } from '../../primitives/aggregates.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { Fund } from '../../primitives/fund.ts';
import { type Head, headTotals } from '../../primitives/head.ts';
import { monthOf, vietnamDate } from '../../primitives/vietnam-time.ts';

/** The signed checkpoint an export carries: the note of exactly its head's seq, and the log key. */
export interface ExportCheckpoint {
  note: string;
  /** The log's verifier key (vkey), so a reader can check the note without asking anyone. */
  logKey: string;
}

/**
 * What `npm run verify -- --file` reads: `{format, fundId, head, entries}`, and with a
 * checkpoint (`soquy-journal/2`) the signed note of the head's seq, which protects the end of the
 * file: an export cut short no longer matches a signed tree (docs/ledger-format.md).
 */
export function journalExport(head: Head, entries: Entry[], checkpoint?: ExportCheckpoint) {
  const summary = { seq: head.seq, hash: head.hash, totals: headTotals(head) };
  if (!checkpoint) {
    return { fundId: head.fundId, format: 'soquy-journal/1', head: summary, entries };
  }
  return {
    fundId: head.fundId,
    format: 'soquy-journal/2',
    head: summary,
    checkpoint: { note: checkpoint.note, logKey: checkpoint.logKey },
    entries,
  };
}

/**
 * One CSV field. Text a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
 * gets a leading apostrophe, as OWASP's CSV-injection advice says; numbers stay numbers.
 */
export function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  const formula = typeof value === 'string' && /^[=+\-@\t\r]/.test(text);
  if (!formula && !/[",\n\r]/.test(text)) return text;
  return `"${formula ? "'" : ''}${text.replaceAll('"', '""')}"`;
}

const CSV_COLUMNS = [
  'seq',
  'date',
  'occurred_at',
  'kind',
  'donor',
  'payee',
  'memo',
  'received',
  'spent',
  'postings',
  'refs',
  'evidence',
  'prev_hash',
  'hash',
  // Reversals (added last, so earlier columns keep their places): the seq a reversal reverses;
  // the seqs that reversed this entry; "adjusted" (đã điều chỉnh) or "reversal".
  'reverses',
  'reversed_by',
  'status',
] as const;

/**
 * Original seq → the seqs of its reversals among these entries. A file names the reversals it
 * holds: a published chunk never changes, so an original in an earlier chunk is linked from its
 * reversal's `reverses` column only.
 */
export function reversedByOf(entries: readonly Entry[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const e of entries) {
    if (e.kind !== 'reversal' || e.refs.reverses === undefined) continue;
    map.set(e.refs.reverses, [...(map.get(e.refs.reverses) ?? []), e.seq]);
  }
  return map;
}

/** What a row says of reversals: "adjusted" for an original, "reversal" for a reversal. */
function reversalStatus(e: Entry, reversedBy: Map<number, number[]>): string {
  if (e.kind === 'reversal') return 'reversal';
  return reversedBy.has(e.seq) ? 'adjusted' : '';
}

/** One row per entry, UTF-8 with a BOM so Excel shows Vietnamese correctly. */
export function journalCsv(entries: Entry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  const reversedBy = reversedByOf(entries);
  for (const e of entries) {
    const { received, spent } = effectOf(e);
    const row = [
      e.seq,
      vietnamDate(e.occurredAt),
      e.occurredAt,
      e.kind,
      e.donor?.displayName,
      e.payee?.name,
      e.memo,
      received,
      spent,
      e.postings.map((p) => `${p.account} ${p.amount}`).join('; '),
      Object.entries(e.refs)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      e.evidence.join('; '),
      e.prevHash,
      e.hash,
      e.kind === 'reversal' ? e.refs.reverses : undefined,
      (reversedBy.get(e.seq) ?? []).join('; '),
      reversalStatus(e, reversedBy),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const KIND_TEXT: Record<Entry['kind'], string> = {
  pledge: 'Cam kết',
  pledge_cancel: 'Hủy cam kết',
  payment: 'Thanh toán cam kết',
  donation: 'Ủng hộ',
  disbursement: 'Chi',
  fee: 'Phí',
  transfer: 'Chuyển tiền mặt ↔ ngân hàng',
  reversal: 'Bút toán đảo',
};

/** hledger/ledger-cli text has no escaping: keep descriptions on one line, without ";" or "|". */
const plain = (text: string) =>
  text
    .replace(/[\r\n;|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The journal in hledger / ledger-cli format: one transaction per entry, dated in Vietnam time,
 * amounts in VND (no decimals), with seq and hash as tags so an accountant can tie back.
 */
export function journalHledger(fund: Fund, entries: Entry[]): string {
  const out = [
    `; soquy journal of fund "${plain(fund.name)}" (${fund.id})`,
    `; ${plain(fund.owner)}. Amounts in đồng (VND, no minor unit).`,
    // "1000.": no thousands mark, no decimals (hledger asks for the decimal mark to be explicit).
    'commodity 1000. VND',
    '',
  ];
  const reversedBy = reversedByOf(entries);
  for (const e of entries) {
    const who = e.donor?.displayName ?? e.payee?.name;
    const by = reversedBy.get(e.seq);
    const reversal =
      e.kind === 'reversal' && e.refs.reverses !== undefined
        ? `đảo bút toán #${e.refs.reverses}`
        : by
          ? `đã điều chỉnh bởi ${by.map((seq) => `#${seq}`).join(', ')}`
          : undefined;
    const description = plain(
      [KIND_TEXT[e.kind], who, e.memo, reversal]
        .filter(Boolean)
        .join(' | ')
        .replaceAll(' | ', ' - '),
    );
    // Tags an accountant can query: `hledger reg tag:reversed_by`, `tag:reverses`.
    const tags = [
      `seq:${e.seq}`,
      `hash:${e.hash}`,
      `month:${monthOf(e.occurredAt)}`,
      ...(e.kind === 'reversal' && e.refs.reverses !== undefined
        ? [`reverses:${e.refs.reverses}`]
        : []),
      ...(by ? [`reversed_by:${by.join(' ')}`, 'status:adjusted'] : []),
    ];
    out.push(`${vietnamDate(e.occurredAt)} * ${description}  ; ${tags.join(', ')}`);
    for (const p of e.postings) out.push(`    ${p.account.padEnd(28)}  ${p.amount} VND`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

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
] as const;

/** One row per entry, UTF-8 with a BOM so Excel shows Vietnamese correctly. */
export function journalCsv(entries: Entry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
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
  for (const e of entries) {
    const who = e.donor?.displayName ?? e.payee?.name;
    const description = plain(
      [KIND_TEXT[e.kind], who, e.memo].filter(Boolean).join(' | ').replaceAll(' | ', ' - '),
    );
    out.push(
      `${vietnamDate(e.occurredAt)} * ${description}  ; seq:${e.seq}, hash:${e.hash}, month:${monthOf(e.occurredAt)}`,
    );
    for (const p of e.postings) out.push(`    ${p.account.padEnd(28)}  ${p.amount} VND`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

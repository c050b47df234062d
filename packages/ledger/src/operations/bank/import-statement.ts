import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import {
  DateOutOfRangeError,
  LedgerError,
  RecordConflictError,
  StatementAlreadyImportedError,
  StatementNotFoundError,
  StatementWrongAccountError,
} from '../../errors.ts';
import type { EvidenceUpload } from '../../ports/evidence-files.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type {
  StatementDeps,
  StatementFileDeps,
  StatementFileLine,
} from '../../ports/statement-files.ts';
import {
  accountDigits,
  type IncomingBankLine,
  type StatementRecord,
} from '../../primitives/bank-lines.ts';
import { sha256Hex } from '../../primitives/canonical.ts';
import { occurredRange } from '../../primitives/occurred.ts';
import type { Versioned } from '../../primitives/records.ts';
import { vietnamDate, vietnamMidnight } from '../../primitives/vietnam-time.ts';
import { requireFund } from '../common/read.ts';
import { importStatementAccess, readStatementAccess } from './access.ts';
import { bookLines, type LineResult, weakKeyOf } from './book-lines.ts';
import type { StatementUploadInput } from './input.ts';
import { tieOutAt } from './reconciliation.ts';

/** Lines read from the file per step; the job saves its place after each. */
export const IMPORT_CHUNK_LINES = 480;

/** One statement per fund and file: the same bytes for the same fund are the same statement. */
export function statementIdOf(fundId: string, sha256: string): string {
  return `st_${sha256Hex(`${fundId}\n${sha256}`).slice(0, 24)}`;
}

/**
 * A treasurer declares a statement file by its SHA-256 and gets where to upload it; the upload
 * starts the import (an S3 event in AWS, the local stack's queue locally). Declaring the same
 * file again answers the same statement, or 409 once it was imported.
 */
export async function declareStatement(
  deps: StatementFileDeps,
  fundId: string,
  input: StatementUploadInput,
  actor: Actor,
): Promise<{ statement: StatementRecord; upload?: EvidenceUpload }> {
  assertAllowed(importStatementAccess, actor, { fundId });
  await requireFund(deps, fundId);
  const statementId = statementIdOf(fundId, input.sha256);
  const existing = await deps.store.bank.getStatement(statementId);
  if (existing) {
    if (existing.value.status === 'done') throw new StatementAlreadyImportedError(statementId);
    if (existing.value.status !== 'awaiting_upload') return { statement: existing.value };
    return {
      statement: existing.value,
      upload: await deps.statementFiles.createUpload(fundId, input.sha256, input.size),
    };
  }
  const now = deps.clock().toISOString();
  const statement: StatementRecord = {
    statementId,
    fundId,
    sha256: input.sha256,
    size: input.size,
    ...(input.fileName ? { fileName: input.fileName } : {}),
    status: 'awaiting_upload',
    processed: 0,
    matched: 0,
    unmatched: 0,
    duplicates: 0,
    uploadedBy: actorName(actor),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.store.bank.saveStatement(statement, 0);
  } catch (error) {
    if (!(error instanceof RecordConflictError)) throw error;
    return declareStatement(deps, fundId, input, actor);
  }
  return {
    statement,
    upload: await deps.statementFiles.createUpload(fundId, input.sha256, input.size),
  };
}

/** The console's form: the bytes arrive whole, are stored, and the import is queued. */
export async function storeStatement(
  deps: StatementFileDeps,
  fundId: string,
  bytes: Uint8Array,
  fileName: string | undefined,
  actor: Actor,
): Promise<StatementRecord> {
  assertAllowed(importStatementAccess, actor, { fundId });
  const sha256 = await deps.statementFiles.put(fundId, bytes);
  const { statement } = await declareStatement(
    deps,
    fundId,
    { sha256, size: bytes.length, ...(fileName ? { fileName } : {}) },
    actor,
  );
  return (await markUploaded(deps, fundId, sha256)) ?? statement;
}

/** The file arrived (S3 event, local upload): the statement waits in the import queue. */
export async function markUploaded(
  deps: Pick<LedgerDeps, 'store' | 'clock'>,
  fundId: string,
  sha256: string,
): Promise<StatementRecord | undefined> {
  const statementId = statementIdOf(fundId, sha256);
  const record = await deps.store.bank.getStatement(statementId);
  if (record?.value.status !== 'awaiting_upload') return record?.value;
  const queued: StatementRecord = {
    ...record.value,
    status: 'queued',
    updatedAt: deps.clock().toISOString(),
  };
  try {
    await deps.store.bank.saveStatement(queued, record.version);
  } catch (error) {
    if (!(error instanceof RecordConflictError)) throw error;
  }
  return queued;
}

/** GET /statements/{statementId}: the job's progress, for the fund's treasurers and approvers. */
export async function readStatement(
  deps: Pick<LedgerDeps, 'store'>,
  statementId: string,
  actor: Actor,
): Promise<StatementRecord> {
  const record = await deps.store.bank.getStatement(statementId);
  if (!record) throw new StatementNotFoundError(statementId);
  assertAllowed(readStatementAccess, actor, { fundId: record.value.fundId });
  return record.value;
}

export interface ImportProgress {
  /** Stop after the current chunk (a Lambda about to time out); the job resumes where it was. */
  shouldPause?: () => boolean;
  onChunk?: (statement: StatementRecord) => void;
}

/**
 * Runs (or resumes) an import: checks the whole file first (layout, account, dates, balances),
 * then books its lines chunk by chunk, saving its place after each. A crash anywhere resumes
 * from the last saved place; lines booked after it are found again by their references, so
 * nothing is lost or doubled. Returns the record as it stands ('importing' when paused).
 */
export async function runStatementImport(
  deps: StatementDeps,
  statementId: string,
  progress: ImportProgress = {},
): Promise<StatementRecord> {
  let record = await deps.store.bank.getStatement(statementId);
  if (!record) throw new StatementNotFoundError(statementId);
  if (record.value.status === 'done' || record.value.status === 'failed') return record.value;
  const { fund } = await requireFund(deps, record.value.fundId);
  const open = () => deps.statementFiles.open(fund.id, record?.value.sha256 as string);
  if (record.value.lines === undefined) {
    try {
      const summary = await deps.statementParser.scan(open);
      const expected = accountDigits(fund.bankAccount.accountNumber);
      if (accountDigits(summary.account) !== expected) {
        throw new StatementWrongAccountError(summary.account, expected);
      }
      assertPeriodInRange(fund, summary, deps.clock());
      record = await save(deps, record, {
        status: 'importing',
        bank: summary.bank,
        format: summary.format,
        account: summary.account,
        from: summary.from,
        to: summary.to,
        openingBalance: summary.openingBalance,
        closingBalance: summary.closingBalance,
        lines: summary.lines,
        credits: summary.credits,
        debits: summary.debits,
      });
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      return (
        await save(deps, record, {
          status: 'failed',
          error: { code: error.code, message: error.message },
          finishedAt: deps.clock().toISOString(),
        })
      ).value;
    }
  }
  // Gateway lines of a day, read once per day of the file rather than once per line.
  const days = new Map<string, Promise<Map<string, { lineId: string; channel: string }[]>>>();
  const weakTwins = async (line: IncomingBankLine) => {
    const day = vietnamDate(line.bookedAt);
    let twins = days.get(day);
    if (!twins) {
      twins = deps.store.bank.gatewayLinesOfDay(fund.id, day).then((lines) => {
        const byKey = new Map<string, { lineId: string; channel: string }[]>();
        for (const l of lines) byKey.set(l.weakKey, [...(byKey.get(l.weakKey) ?? []), l]);
        return byKey;
      });
      days.set(day, twins);
    }
    return (await twins).get(weakKeyOf(line)) ?? [];
  };
  for await (const chunk of deps.statementParser.lines(open, {
    from: record.value.processed,
    chunkSize: IMPORT_CHUNK_LINES,
  })) {
    if (chunk.length === 0) continue;
    const now = deps.clock().toISOString();
    const results = await bookLines(
      deps,
      fund.id,
      {
        lines: chunk,
        source: () => ({ channel: 'statement', id: statementId, at: now }),
        evidence: record.value.sha256,
        recordedBy: 'bank',
        now,
      },
      (i) => `import:${statementId}:${(chunk[i] as StatementFileLine).index}`,
      { weakTwins },
    );
    const counts = countResults(results);
    record = await save(deps, record, {
      processed: (chunk.at(-1) as StatementFileLine).index + 1,
      matched: record.value.matched + counts.matched,
      unmatched: record.value.unmatched + counts.unmatched,
      duplicates: record.value.duplicates + counts.duplicates,
    });
    progress.onChunk?.(record.value);
    if (progress.shouldPause?.()) return record.value;
  }
  const tieOut = await tieOutAt(
    deps,
    fund.id,
    record.value.to as string,
    record.value.closingBalance as number,
  );
  return (
    await save(deps, record, { status: 'done', tieOut, finishedAt: deps.clock().toISOString() })
  ).value;
}

function countResults(results: LineResult[]) {
  const counts = { matched: 0, unmatched: 0, duplicates: 0 };
  for (const result of results) {
    if (result.result === 'matched') counts.matched++;
    else if (result.result === 'review') counts.unmatched++;
    else if (result.result === 'duplicate') counts.duplicates++;
    else if (result.status === 'review') counts.unmatched++;
    else counts.matched++;
  }
  return counts;
}

/** Every line must be a date money of this fund may carry (checked before anything is booked). */
function assertPeriodInRange(
  fund: Parameters<typeof occurredRange>[0],
  summary: { from: string; to: string },
  now: Date,
) {
  const { from, to } = occurredRange(fund, now);
  const first = vietnamMidnight(summary.from);
  const last = vietnamMidnight(summary.to);
  if (first && Date.parse(first) < from.getTime()) {
    throw new DateOutOfRangeError(
      'from',
      `This statement starts on ${summary.from}, long before the fund opened: upload the statement of the fund's own period.`,
    );
  }
  if (last && Date.parse(last) > to.getTime()) {
    throw new DateOutOfRangeError('to', `This statement ends on ${summary.to}, in the future.`);
  }
}

async function save(
  deps: Pick<LedgerDeps, 'store' | 'clock'>,
  record: Versioned<StatementRecord>,
  change: Partial<StatementRecord>,
): Promise<Versioned<StatementRecord>> {
  const value = { ...record.value, ...change, updatedAt: deps.clock().toISOString() };
  await deps.store.bank.saveStatement(value, record.version);
  return { value, version: record.version + 1 };
}

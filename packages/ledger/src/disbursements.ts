import { ACCOUNTS, expenseAccount } from './accounts.ts';
import { fingerprint } from './canonical.ts';
import { type DraftBase, disbursementDraft, reversalDraft } from './drafts.ts';
import type { Entry, PublicPayee } from './entry.ts';
import {
  AlreadyDecidedError,
  DisbursementNotFoundError,
  EntryNotFoundError,
  EvidenceMissingError,
  IdempotencyConflictError,
  InvalidEntryError,
  PledgeClosedError,
  SelfApprovalError,
} from './errors.ts';
import { type EvidenceDeps, getEvidence } from './evidence.ts';
import type { IdSource } from './ids.ts';
import { PLEDGE, type Pledge, pledgeWrite, statusOf } from './pledges.ts';
import type { RecordWrite } from './ports.ts';
import type { LedgerDeps } from './usecases.ts';

export type DisbursementStatus = 'pending_approval' | 'approved' | 'rejected' | 'reversed';

export interface DisbursementInput {
  amount: number;
  category: string;
  payee: PublicPayee;
  purpose: string;
  paidAt: string;
  method: 'cash' | 'transfer';
  evidence: string[];
  bankRef?: string;
}

export interface Disbursement extends DisbursementInput {
  id: string;
  fundId: string;
  status: DisbursementStatus;
  recordedBy: string;
  recordedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  rejectionReason?: string;
  seq?: number;
  hash?: string;
}

const DISBURSEMENT = 'disbursement';
export const disbursementGroup = (fundId: string, status: DisbursementStatus) =>
  `disbursements#${fundId}#${status}`;

function disbursementWrite(d: Disbursement, expectedVersion: number): RecordWrite {
  return {
    collection: DISBURSEMENT,
    id: d.id,
    value: d as unknown as Record<string, unknown>,
    expectedVersion,
    listIn: { group: disbursementGroup(d.fundId, d.status), sortKey: `${d.recordedAt}#${d.id}` },
  };
}

export async function readDisbursement(deps: LedgerDeps, id: string) {
  const record = await deps.store.getRecord<Disbursement>({ collection: DISBURSEMENT, id });
  if (!record) throw new DisbursementNotFoundError(id);
  return record;
}

/** A treasurer records spending; nothing enters the journal until a second officer approves. */
export async function recordDisbursement(
  deps: EvidenceDeps & { ids: IdSource },
  fundId: string,
  input: DisbursementInput,
  actor: string,
  idempotencyKey: string,
): Promise<Disbursement & { replayed: boolean }> {
  const missing: string[] = [];
  for (const digest of new Set(input.evidence)) {
    const declared = await getEvidence(deps, fundId, digest);
    if (!declared || !(await deps.evidence.has(fundId, digest))) missing.push(digest);
  }
  if (missing.length > 0) throw new EvidenceMissingError(missing);
  const result = await deps.store.append(fundId, {
    idempotencyKey: `disbursement:${idempotencyKey}`,
    requestHash: fingerprint({ fundId, input }),
    prepare: ({ fund }) => {
      if (!fund.categories.some((c) => c.id === input.category)) {
        throw new InvalidEntryError(
          `"${input.category}" is not a spending category of this fund; use one of: ${fund.categories.map((c) => c.id).join(', ')}.`,
        );
      }
      const disbursement: Disbursement = {
        ...input,
        evidence: [...new Set(input.evidence)],
        id: `db_${deps.ids.pledgeId().slice(3)}`,
        fundId,
        status: 'pending_approval',
        recordedBy: actor,
        recordedAt: deps.clock().toISOString(),
      };
      return {
        drafts: [],
        records: () => [disbursementWrite(disbursement, 0)],
        respond: () => disbursement,
      };
    },
  });
  return { ...(result.response as Disbursement), replayed: result.replayed };
}

/** The approver's decision: exactly one disbursement entry, or 409 if the money is not there. */
export async function approveDisbursement(deps: LedgerDeps, id: string, actor: string) {
  const { value: first } = await readDisbursement(deps, id);
  if (first.recordedBy === actor) throw new SelfApprovalError(id);
  const key = `approve:${id}`;
  const result = await deps.store.append(first.fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({ approve: id }),
    prepare: async () => {
      const { value: d, version } = await readDisbursement(deps, id);
      if (d.status !== 'pending_approval')
        throw new AlreadyDecidedError(`Disbursement "${id}" is already ${d.status}.`);
      const at = deps.clock().toISOString();
      const base: DraftBase = {
        id: key,
        occurredAt: d.paidAt,
        recordedAt: at,
        recordedBy: actor,
        memo: d.purpose,
        evidence: d.evidence,
      };
      return {
        drafts: [
          disbursementDraft(base, {
            disbursementId: id,
            category: d.category,
            amount: d.amount,
            method: d.method,
            ...(d.bankRef ? { bankRef: d.bankRef } : {}),
            payee: d.payee,
          }),
        ],
        records: ([entry]) => [
          disbursementWrite(
            {
              ...d,
              status: 'approved',
              decidedBy: actor,
              decidedAt: at,
              seq: (entry as Entry).seq,
              hash: (entry as Entry).hash,
            },
            version,
          ),
        ],
        respond: ([entry]) => ({ id, status: 'approved', entry }),
      };
    },
  });
  return result.response as { id: string; status: 'approved'; entry: Entry };
}

export async function rejectDisbursement(
  deps: LedgerDeps,
  id: string,
  actor: string,
  reason: string,
) {
  if (reason.trim().length === 0)
    throw new InvalidEntryError('Say why the disbursement is rejected.');
  const { value: d, version } = await readDisbursement(deps, id);
  if (d.recordedBy === actor) throw new SelfApprovalError(id);
  if (d.status !== 'pending_approval')
    throw new AlreadyDecidedError(`Disbursement "${id}" is already ${d.status}.`);
  const after: Disbursement = {
    ...d,
    status: 'rejected',
    decidedBy: actor,
    decidedAt: deps.clock().toISOString(),
    rejectionReason: reason.trim(),
  };
  await deps.store.writeRecord(disbursementWrite(after, version));
  return after;
}

export async function listDisbursements(
  deps: LedgerDeps,
  fundId: string,
  status: DisbursementStatus,
  limit = 100,
) {
  const records = await deps.store.listRecords<Disbursement>(disbursementGroup(fundId, status), {
    limit,
  });
  return records.map((r) => r.value);
}

/**
 * Undoes an entry with a reversal that points at it; the original stays. An entry is reversed
 * at most once; pledges are withdrawn by cancelling them instead. Records kept beside the
 * journal (the pledge a payment paid, the disbursement a spending settled) follow.
 */
export async function reverseEntry(
  deps: LedgerDeps,
  fundId: string,
  seq: number,
  reason: string,
  actor: string,
) {
  if (reason.trim().length === 0)
    throw new InvalidEntryError('A reversal needs a reason the public can read.');
  const key = `reverse:${seq}`;
  const append = deps.store.append(fundId, {
    idempotencyKey: key,
    // The same reversal sent again (a double click) gets the first answer; any other request to
    // reverse this seq is a second reversal, refused below.
    requestHash: fingerprint({ fundId, seq, reason: reason.trim(), actor }),
    prepare: async () => {
      const [original] = await deps.store.readEntries(fundId, { after: seq - 1, limit: 1 });
      if (!original || original.seq !== seq) throw new EntryNotFoundError(fundId, seq);
      if (original.kind === 'pledge' || original.kind === 'pledge_cancel') {
        throw new PledgeClosedError(
          original.refs.pledgeId ?? String(seq),
          'a pledge entry: cancel the pledge instead of reversing it',
        );
      }
      const claim = await deps.store.getRecord({ collection: 'reversed', id: `${fundId}:${seq}` });
      if (claim) throw new AlreadyDecidedError(`Entry ${seq} was already reversed.`);
      const at = deps.clock().toISOString();
      const draft = reversalDraft(
        { id: key, occurredAt: at, recordedAt: at, recordedBy: actor },
        original,
        reason,
      );
      const writes: RecordWrite[] = [
        {
          collection: 'reversed',
          id: `${fundId}:${seq}`,
          value: { by: actor, at },
          expectedVersion: 0,
        },
      ];
      const pledgeId = original.refs.pledgeId;
      const pledgeMove = original.postings.find((p) => p.account === ACCOUNTS.pledges)?.amount ?? 0;
      if (pledgeId && pledgeMove !== 0) {
        const record = await deps.store.getRecord<Pledge>({ collection: PLEDGE, id: pledgeId });
        if (record) {
          // A payment took the receivable down; its reversal puts it back (and the other way round).
          const paid = record.value.paid + pledgeMove;
          writes.push(
            pledgeWrite(
              { ...record.value, paid, status: statusOf({ ...record.value, paid }) },
              record.version,
            ),
          );
        }
      }
      if (
        original.refs.disbursementId &&
        original.postings.some((p) => p.account.startsWith('expenses:'))
      ) {
        const record = await deps.store.getRecord<Disbursement>({
          collection: DISBURSEMENT,
          id: original.refs.disbursementId,
        });
        if (record) {
          const spentBack = original.postings.some(
            (p) => p.account === expenseAccount(record.value.category) && p.amount > 0,
          );
          const status: DisbursementStatus = spentBack ? 'reversed' : 'approved';
          writes.push(disbursementWrite({ ...record.value, status }, record.version));
        }
      }
      return {
        drafts: [draft],
        records: () => writes,
        respond: ([entry]) => ({ reverses: seq, entry }),
      };
    },
  });
  const result = await append.catch((error: unknown) => {
    if (error instanceof IdempotencyConflictError)
      throw new AlreadyDecidedError(`Entry ${seq} was already reversed.`);
    throw error;
  });
  return result.response as { reverses: number; entry: Entry };
}

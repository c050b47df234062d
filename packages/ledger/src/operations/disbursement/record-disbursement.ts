import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { EvidenceMissingError, InvalidEntryError } from '../../errors.ts';
import type { EvidenceDeps } from '../../ports/evidence-files.ts';
import type { PreparedAppend } from '../../ports/ledger-store.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import type { Fund } from '../../primitives/fund.ts';
import { assertOccurredInRange } from '../../primitives/occurred.ts';
import type { Disbursement } from '../../primitives/records.ts';
import { recordDisbursementAccess } from './access.ts';
import type { DisbursementInput } from './input.ts';

/** The decision: a pending disbursement in one of the fund's categories; no entry yet. */
export function decideDisbursement(
  fund: Fund,
  input: DisbursementInput,
  context: { id: string; at: string; recordedBy: string },
): PreparedAppend {
  if (!fund.categories.some((c) => c.id === input.category)) {
    throw new InvalidEntryError(
      `"${input.category}" is not a spending category of this fund; use one of: ${fund.categories.map((c) => c.id).join(', ')}.`,
      { field: 'category', categories: fund.categories.map((c) => c.id) },
    );
  }
  assertOccurredInRange(fund, input.paidAt, new Date(context.at), 'paidAt');
  const disbursement: Disbursement = {
    ...input,
    evidence: [...new Set(input.evidence)],
    id: context.id,
    fundId: fund.id,
    status: 'pending_approval',
    recordedBy: context.recordedBy,
    recordedAt: context.at,
  };
  return {
    drafts: [],
    records: () => [{ type: 'disbursement', disbursement, expectedVersion: 0 }],
    respond: () => disbursement,
  };
}

/** A treasurer records spending; nothing enters the journal until a second officer approves. */
export async function recordDisbursement(
  deps: EvidenceDeps,
  fundId: string,
  input: DisbursementInput,
  actor: Actor,
  idempotencyKey: string,
): Promise<Disbursement & { replayed: boolean }> {
  assertAllowed(recordDisbursementAccess, actor, { fundId });
  const missing: string[] = [];
  for (const digest of new Set(input.evidence)) {
    const declared = await deps.store.evidence.get(fundId, digest);
    if (!declared || !(await deps.evidence.has(fundId, digest))) missing.push(digest);
  }
  if (missing.length > 0) throw new EvidenceMissingError(missing);
  const result = await deps.store.append(fundId, {
    idempotencyKey: `disbursement:${idempotencyKey}`,
    requestHash: fingerprint({ fundId, input }),
    prepare: ({ fund }) =>
      decideDisbursement(fund, input, {
        id: deps.ids.disbursementId(),
        at: deps.clock().toISOString(),
        recordedBy: actorName(actor),
      }),
  });
  return { ...(result.response as Disbursement), replayed: result.replayed };
}

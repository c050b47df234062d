import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { BankLineExistsError, PledgeClosedError, PledgeNotFoundError } from '../../errors.ts';
import type { LedgerDeps, PreparedAppend } from '../../ports/ledger-store.ts';
import type { BankLine } from '../../primitives/bank-lines.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import { donationDraft } from '../../primitives/drafts.ts';
import type { Entry, PublicDonor } from '../../primitives/entry.ts';
import type { Fund } from '../../primitives/fund.ts';
import { assertOccurredInRange } from '../../primitives/occurred.ts';
import { applyToPledge, type MoneyFacts, outstandingOf } from '../../primitives/pledges.ts';
import type { Pledge, PledgeStatus, Versioned } from '../../primitives/records.ts';
import { ANONYMOUS_NAME } from '../../primitives/rules.ts';
import { requirePledge } from '../common/read.ts';
import { recordPaymentAccess } from './access.ts';
import type { PaymentInput } from './input.ts';

export interface PaymentReceipt {
  pledgeId?: string;
  status?: PledgeStatus;
  outstanding?: number;
  entries: Entry[];
}

/** The decision for money on a pledge: a payment, and a donation for anything above it. */
export function decidePledgePayment(
  fundId: string,
  { value: pledge, version }: Versioned<Pledge>,
  key: string,
  money: MoneyFacts,
): PreparedAppend {
  if (pledge.fundId !== fundId) throw new PledgeNotFoundError(pledge.pledgeId);
  if (pledge.status === 'cancelled') throw new PledgeClosedError(pledge.pledgeId, pledge.status);
  const { drafts, updated } = applyToPledge(key, pledge, money);
  return {
    drafts,
    records: (entries) => [{ type: 'pledge', pledge: updated(entries), expectedVersion: version }],
    respond: (entries): PaymentReceipt => {
      const after = updated(entries);
      return {
        pledgeId: pledge.pledgeId,
        status: after.status,
        outstanding: outstandingOf(after),
        entries,
      };
    },
  };
}

/** The decision for a gift with no pledge: the donor as the public should see them. */
export function decideGift(
  donor: PaymentInput['donor'],
  donorId: string,
  key: string,
  money: MoneyFacts,
): PreparedAppend {
  const publicDonor: PublicDonor = {
    id: donorId,
    displayName: donor?.showName && donor.name ? donor.name : ANONYMOUS_NAME,
    ...(donor ? { kind: donor.kind } : {}),
  };
  const { receivedAt, recordedAt, recordedBy, ...facts } = money;
  return {
    drafts: [
      donationDraft(
        { id: key, occurredAt: receivedAt, recordedAt, recordedBy },
        { donor: publicDonor, ...facts },
      ),
    ],
    respond: (entries): PaymentReceipt => ({ entries }),
  };
}

/**
 * A transfer typed in with its bank reference claims that reference as a bank line, so the same
 * transaction arriving later by webhook or statement is known and adds nothing; one the bank
 * already told us of is refused (409) rather than booked twice.
 */
async function claimBankRef(
  deps: LedgerDeps,
  fund: Fund,
  bankRef: string,
  decided: PreparedAppend,
  facts: {
    key: string;
    amount: number;
    at: string;
    by: string;
    bookedAt: string;
    pledgeId?: string;
  },
): Promise<PreparedAppend> {
  const ref = bankRef.replace(/\s+/g, '');
  if (!/^[\x21-\x7e]{1,200}$/.test(ref)) return decided;
  const known = (await deps.store.bank.linesByRefs(fund.id, [ref])).get(ref);
  if (known) throw new BankLineExistsError(ref, known.value.lineId);
  const line = (entries: Entry[]): BankLine => ({
    channel: 'manual',
    accountNumber: fund.bankAccount.accountNumber,
    direction: 'in',
    amount: facts.amount,
    bookedAt: new Date(facts.bookedAt).toISOString(),
    memo: '',
    refs: [ref],
    fundId: fund.id,
    lineId: ref,
    sources: [{ channel: 'manual', id: facts.key, at: facts.at }],
    status: 'booked',
    outcome: facts.pledgeId
      ? { kind: 'payment', pledgeId: facts.pledgeId, seqs: entries.map((e) => e.seq) }
      : { kind: 'gift', seqs: entries.map((e) => e.seq) },
    decidedBy: facts.by,
    decidedAt: facts.at,
    firstSeenAt: facts.at,
  });
  return {
    ...decided,
    records: (entries) => [
      ...(decided.records ? decided.records(entries) : []),
      { type: 'bank-line', line: line(entries), expectedVersion: 0 },
    ],
  };
}

/** A treasurer records cash or a transfer received, on a pledge or as a gift. */
export async function recordPayment(
  deps: LedgerDeps,
  fundId: string,
  input: PaymentInput,
  actor: Actor,
  idempotencyKey: string,
): Promise<PaymentReceipt & { replayed: boolean }> {
  assertAllowed(recordPaymentAccess, actor, { fundId });
  const key = `payment:${idempotencyKey}`;
  const pledgeId =
    input.pledgeId ??
    (input.reference ? await deps.store.pledges.idByReference(fundId, input.reference) : undefined);
  if (input.reference && !pledgeId) throw new PledgeNotFoundError(input.reference);
  const result = await deps.store.append(fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({ fundId, input }),
    prepare: async ({ fund }) => {
      const now = deps.clock();
      assertOccurredInRange(fund, input.receivedAt, now, 'receivedAt');
      const money: MoneyFacts = {
        amount: input.amount,
        method: input.method,
        receivedAt: input.receivedAt,
        recordedAt: now.toISOString(),
        recordedBy: actorName(actor),
        ...(input.receiptNo ? { receiptNo: input.receiptNo } : {}),
        ...(input.bankRef ? { bankRef: input.bankRef } : {}),
      };
      const decided = pledgeId
        ? decidePledgePayment(fundId, await requirePledge(deps, pledgeId), key, money)
        : decideGift(input.donor, deps.ids.donorId(), key, money);
      return input.method === 'transfer' && input.bankRef
        ? await claimBankRef(deps, fund, input.bankRef, decided, {
            key,
            amount: input.amount,
            at: money.recordedAt,
            by: money.recordedBy,
            bookedAt: input.receivedAt,
            pledgeId,
          })
        : decided;
    },
  });
  return { ...(result.response as PaymentReceipt), replayed: result.replayed };
}

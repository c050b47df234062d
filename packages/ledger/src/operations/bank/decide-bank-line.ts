import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import {
  AlreadyDecidedError,
  BankLineDecisionError,
  BankLineNotFoundError,
  DisbursementNotFoundError,
  IdempotencyConflictError,
  PledgeClosedError,
  PledgeNotFoundError,
} from '../../errors.ts';
import type { LedgerDeps, PreparedAppend, RecordChange } from '../../ports/ledger-store.ts';
import type { BankLine, BankLineOutcome } from '../../primitives/bank-lines.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { Fund } from '../../primitives/fund.ts';
import { applyToPledge } from '../../primitives/pledges.ts';
import type { Versioned } from '../../primitives/records.ts';
import { ANONYMOUS_NAME } from '../../primitives/rules.ts';
import { textProblems } from '../../primitives/text.ts';
import { requireFund } from '../common/read.ts';
import { decideBankLineAccess } from './access.ts';
import { giftDraft, lineTransferDraft } from './book-lines.ts';
import type { BankLineDecisionInput } from './input.ts';

export interface BankLineDecision {
  line: BankLine;
  entries: Entry[];
  replayed: boolean;
}

/**
 * A treasurer says what a waiting line is: a payment on a pledge, a gift, cash carried to or
 * from the bank, a disbursement's payment, or a copy of another line. One decision per line:
 * the same decision again answers the first; a different one is refused.
 */
export async function decideBankLine(
  deps: LedgerDeps,
  fundId: string,
  lineId: string,
  input: BankLineDecisionInput,
  actor: Actor,
): Promise<BankLineDecision> {
  assertAllowed(decideBankLineAccess, actor, { fundId });
  await requireFund(deps, fundId);
  const current = await deps.store.bank.getLine(fundId, lineId);
  if (!current) throw new BankLineNotFoundError(lineId);
  // One decision per state of the line: a line sent back to the queue (its disbursement
  // rejected) can be decided again, and a retry of the same decision answers the first.
  // A settled line was decided at the version before it: asking again replays that answer.
  const decidedAt = current.value.status === 'review' ? current.version : current.version - 1;
  const key = `bankline-decision:${lineId}:${decidedAt}`;
  try {
    const result = await deps.store.append(fundId, {
      idempotencyKey: key,
      requestHash: fingerprint({ fundId, lineId, input }),
      prepare: async ({ fund }) => {
        const line = await deps.store.bank.getLine(fundId, lineId);
        if (!line) throw new BankLineNotFoundError(lineId);
        if (line.value.status !== 'review' || line.version !== decidedAt) {
          throw new AlreadyDecidedError(
            `This bank line was already settled (${line.value.status}).`,
          );
        }
        const context = {
          key,
          at: deps.clock().toISOString(),
          by: actorName(actor),
          donorId: deps.ids.donorId(),
        };
        return decide(deps, fund, line, input, context);
      },
    });
    const response = result.response as { line: BankLine };
    return { line: response.line, entries: result.entries, replayed: result.replayed };
  } catch (error) {
    if (error instanceof IdempotencyConflictError) {
      throw new AlreadyDecidedError('This bank line was already settled by another decision.');
    }
    throw error;
  }
}

interface Context {
  key: string;
  at: string;
  by: string;
  donorId: string;
}

async function decide(
  deps: LedgerDeps,
  fund: Fund,
  { value: line, version }: Versioned<BankLine>,
  input: BankLineDecisionInput,
  context: Context,
): Promise<PreparedAppend> {
  const base = { recordedAt: context.at, recordedBy: context.by };
  const settle = (
    outcome: (entries: Entry[]) => BankLineOutcome,
    status: BankLine['status'] = 'booked',
    extra: (entries: Entry[]) => RecordChange[] = () => [],
  ) => {
    const settled = (entries: Entry[]): BankLine => {
      const { reason: _reason, candidates: _candidates, ...rest } = line;
      return {
        ...rest,
        status,
        outcome: outcome(entries),
        decidedBy: context.by,
        decidedAt: context.at,
      };
    };
    return {
      records: (entries: Entry[]): RecordChange[] => [
        { type: 'bank-line', line: settled(entries), expectedVersion: version },
        { type: 'bank-queue', fundId: fund.id, delta: -1 },
        ...extra(entries),
      ],
      respond: (entries: Entry[]) => ({ line: settled(entries) }),
    };
  };
  const seqs = (entries: Entry[]) => entries.map((e) => e.seq);

  switch (input.action) {
    case 'pledge': {
      if (line.direction !== 'in') {
        throw new BankLineDecisionError(
          'Money going out cannot be a payment on a pledge.',
          'out_not_payment',
        );
      }
      const pledgeId =
        input.pledgeId ??
        (input.reference
          ? await deps.store.pledges.idByReference(fund.id, input.reference)
          : undefined);
      if (!pledgeId) throw new PledgeNotFoundError(input.reference ?? 'without a reference');
      const pledge = await deps.store.pledges.get(pledgeId);
      if (!pledge || pledge.value.fundId !== fund.id) throw new PledgeNotFoundError(pledgeId);
      if (pledge.value.status === 'cancelled') {
        throw new PledgeClosedError(pledgeId, pledge.value.status);
      }
      const { drafts, updated } = applyToPledge(`bank:${line.lineId}`, pledge.value, {
        amount: line.amount,
        method: 'transfer',
        receivedAt: line.bookedAt,
        ...base,
        bankRef: line.lineId,
      });
      return {
        drafts: drafts.map((d) => ({ ...d, evidence: line.evidence ? [line.evidence] : [] })),
        ...settle(
          (entries) => ({ kind: 'payment', pledgeId, seqs: seqs(entries) }),
          'booked',
          (entries) => [
            { type: 'pledge', pledge: updated(entries), expectedVersion: pledge.version },
          ],
        ),
      };
    }
    case 'gift': {
      if (line.direction !== 'in') {
        throw new BankLineDecisionError('Money going out cannot be a gift.', 'out_not_gift');
      }
      const name = (input.donorName || line.counterpart?.name || '').trim();
      if (input.showName && !name) {
        throw new BankLineDecisionError(
          'The bank gives no name for this sender: type the name to show, or keep the gift anonymous.',
          'no_name',
        );
      }
      if (input.showName) {
        const problems = textProblems(name, { max: 200, isPublic: true });
        if (problems.length > 0) {
          throw new BankLineDecisionError(
            `The name "${name}" cannot be shown as it is (${problems.join('; ')}): type the name to show.`,
            'name_not_public',
          );
        }
      }
      const donor = {
        id: context.donorId,
        displayName: input.showName ? name : ANONYMOUS_NAME,
        ...(input.donorKind ? { kind: input.donorKind } : {}),
      };
      return {
        drafts: [giftDraft(line, donor, base)],
        ...settle((entries) => ({ kind: 'gift', seqs: seqs(entries) })),
      };
    }
    case 'cash':
      return {
        drafts: [
          lineTransferDraft(line, {
            ...base,
            memo: line.direction === 'in' ? 'Nộp tiền mặt vào tài khoản' : 'Rút tiền mặt về quỹ',
          }),
        ],
        ...settle((entries) => ({ kind: 'transfer', seqs: seqs(entries) })),
      };
    case 'disbursement': {
      if (line.direction !== 'out') {
        throw new BankLineDecisionError(
          'Money coming in cannot be a disbursement.',
          'in_not_disbursement',
        );
      }
      const record = await deps.store.disbursements.get(input.disbursementId);
      if (!record || record.value.fundId !== fund.id) {
        throw new DisbursementNotFoundError(input.disbursementId);
      }
      const d = record.value;
      if (d.amount !== line.amount) {
        throw new BankLineDecisionError(
          `The disbursement is for ${d.amount} đồng but ${line.amount} đồng left the bank: link the disbursement of that amount, or record one.`,
          'amount_differs',
        );
      }
      if (d.method !== 'transfer') {
        throw new BankLineDecisionError(
          'That disbursement was paid in cash: money that left the bank is a transfer.',
          'paid_in_cash',
        );
      }
      if (d.bankLineId) {
        throw new BankLineDecisionError(
          'That disbursement already shows as another bank line.',
          'already_linked',
        );
      }
      if (d.status !== 'approved' && d.status !== 'pending_approval') {
        throw new BankLineDecisionError(
          `That disbursement was ${d.status}: it cannot explain money out.`,
          'disbursement_closed',
        );
      }
      const approved = d.status === 'approved';
      return {
        drafts: [],
        ...settle(
          () =>
            approved
              ? { kind: 'disbursement', disbursementId: d.id, seqs: d.seq ? [d.seq] : [] }
              : { kind: 'disbursement-pending', disbursementId: d.id, seqs: [] },
          approved ? 'booked' : 'linked',
          () => [
            {
              type: 'disbursement',
              disbursement: { ...d, bankLineId: line.lineId },
              expectedVersion: record.version,
            },
          ],
        ),
      };
    }
    case 'duplicate': {
      if (input.of === line.lineId) {
        throw new BankLineDecisionError('A line cannot be a copy of itself.', 'copy_of_itself');
      }
      const other = await deps.store.bank.getLine(fund.id, input.of);
      if (!other) throw new BankLineNotFoundError(input.of);
      if (other.value.status === 'review') {
        throw new BankLineDecisionError(
          'The line it copies is itself still waiting: settle that one first, then mark this one as its copy.',
          'original_waiting',
        );
      }
      if (other.value.amount !== line.amount || other.value.direction !== line.direction) {
        throw new BankLineDecisionError(
          'A copy has the same amount and direction as the line it copies.',
          'copy_differs',
        );
      }
      return {
        drafts: [],
        ...settle(() => ({ kind: 'duplicate', of: input.of, seqs: [] })),
      };
    }
  }
}

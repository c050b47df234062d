import { timingSafeEqual } from 'node:crypto';
import type { PaymentMethod } from './accounts.ts';
import { fingerprint, sha256Hex } from './canonical.ts';
import {
  type DraftBase,
  donationDraft,
  paymentDraft,
  pledgeCancelDraft,
  pledgeDraft,
} from './drafts.ts';
import { ANONYMOUS_NAME, type Entry, type EntryDraft, type PublicDonor } from './entry.ts';
import {
  CardAmountTooLargeError,
  FundNotReceivingError,
  PledgeClosedError,
  PledgeNotFoundError,
} from './errors.ts';
import { isReceiving } from './fund.ts';
import type { IdSource } from './ids.ts';
import { addMoney } from './money.ts';
import type { RecordWrite, StoredRecord } from './ports.ts';
import type { LedgerDeps } from './usecases.ts';

/** Stripe's cap per charge, in minor units; VND has none, so đồng. */
export const CARD_MAX_AMOUNT = 99_999_999;

export type DonorKind = 'business' | 'household' | 'individual' | 'organisation';
export type PledgeMethod = 'transfer' | 'card' | 'cash';
export type PledgeStatus = 'pledged' | 'partially_paid' | 'paid' | 'cancelled';

/** Who gave, as they told us. Personal data: kept in the State table only, never in an entry. */
export interface DonorContact {
  name: string;
  kind: DonorKind;
  showName: boolean;
  taxCode?: string;
  email?: string;
  phone?: string;
}

export interface PledgePayment {
  seq: number;
  hash: string;
  amount: number;
  method: PaymentMethod;
  receivedAt: string;
  receiptNo?: string;
  bankRef?: string;
  stripeId?: string;
}

export interface Pledge {
  pledgeId: string;
  fundId: string;
  reference: string;
  donorId: string;
  donor: DonorContact;
  amount: number;
  method: PledgeMethod;
  dueDate?: string;
  message?: string;
  status: PledgeStatus;
  /** Paid on this pledge (excess over the pledge is a separate donation). */
  paid: number;
  /** Withdrawn by a pledge_cancel. */
  cancelled: number;
  pledgeSeq: number;
  pledgeHash: string;
  payments: PledgePayment[];
  manageTokenHash: string;
  createdAt: string;
  cancelledAt?: string;
  lastCardFailure?: { at: string; reason: string };
}

export interface PledgeInput {
  donor: DonorContact;
  amount: number;
  method: PledgeMethod;
  dueDate?: string;
  message?: string;
}

export interface PledgeDeps extends LedgerDeps {
  ids: IdSource;
}

export const PLEDGE = 'pledge';
const PLEDGE_REF = 'pledge-ref';
export const pledgeGroup = (fundId: string) => `pledges#${fundId}`;

export function outstandingOf(pledge: Pick<Pledge, 'amount' | 'paid' | 'cancelled'>): number {
  return Math.max(0, pledge.amount - pledge.paid - pledge.cancelled);
}

function statusOf(pledge: Pick<Pledge, 'amount' | 'paid' | 'cancelled' | 'status'>): PledgeStatus {
  if (pledge.status === 'cancelled') return 'cancelled';
  if (pledge.paid >= pledge.amount) return 'paid';
  return pledge.paid > 0 ? 'partially_paid' : 'pledged';
}

export function publicDonorOf(pledge: Pick<Pledge, 'donorId' | 'donor'>): PublicDonor {
  return {
    id: pledge.donorId,
    displayName: pledge.donor.showName ? pledge.donor.name : ANONYMOUS_NAME,
    kind: pledge.donor.kind,
  };
}

function pledgeWrite(pledge: Pledge, expectedVersion: number): RecordWrite {
  return {
    collection: PLEDGE,
    id: pledge.pledgeId,
    value: pledge as unknown as Record<string, unknown>,
    expectedVersion,
    listIn: {
      group: pledgeGroup(pledge.fundId),
      sortKey: `${pledge.createdAt}#${pledge.pledgeId}`,
    },
  };
}

/** What the pledger gets back once, and again on a retry with the same idempotency key. */
export interface PledgeReceipt {
  pledgeId: string;
  fundId: string;
  reference: string;
  amount: number;
  method: PledgeMethod;
  status: PledgeStatus;
  manageToken: string;
  entry: Entry;
}

/** A pledge: receivable up, pledged income up; contact data to the State table only. */
export async function createPledge(
  deps: PledgeDeps,
  fundId: string,
  input: PledgeInput,
  idempotencyKey: string,
): Promise<PledgeReceipt & { replayed: boolean }> {
  if (input.method === 'card' && input.amount > CARD_MAX_AMOUNT) {
    throw new CardAmountTooLargeError(input.amount, CARD_MAX_AMOUNT);
  }
  const key = `pledge:${idempotencyKey}`;
  const result = await deps.store.append(fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({ fundId, input }),
    prepare: ({ fund }) => {
      const now = deps.clock();
      if (!isReceiving(fund, now)) throw new FundNotReceivingError(fund.id, fund);
      const at = now.toISOString();
      const token = deps.ids.secret();
      const pledge: Omit<Pledge, 'pledgeSeq' | 'pledgeHash'> = {
        pledgeId: deps.ids.pledgeId(),
        fundId,
        reference: deps.ids.reference(),
        donorId: deps.ids.donorId(),
        donor: input.donor,
        amount: input.amount,
        method: input.method,
        ...(input.dueDate ? { dueDate: input.dueDate } : {}),
        ...(input.message ? { message: input.message } : {}),
        status: 'pledged',
        paid: 0,
        cancelled: 0,
        payments: [],
        manageTokenHash: sha256Hex(token),
        createdAt: at,
      };
      const base: DraftBase = { id: key, occurredAt: at, recordedAt: at, recordedBy: 'public' };
      return {
        drafts: [
          pledgeDraft(base, {
            pledgeId: pledge.pledgeId,
            reference: pledge.reference,
            donor: publicDonorOf(pledge),
            amount: input.amount,
          }),
        ],
        records: ([entry]) => [
          pledgeWrite(
            { ...pledge, pledgeSeq: (entry as Entry).seq, pledgeHash: (entry as Entry).hash },
            0,
          ),
          // Claims the reference: a second pledge drawing the same one fails and draws again.
          {
            collection: PLEDGE_REF,
            id: `${fundId}:${pledge.reference}`,
            value: { pledgeId: pledge.pledgeId },
            expectedVersion: 0,
          },
        ],
        respond: ([entry]): PledgeReceipt => ({
          pledgeId: pledge.pledgeId,
          fundId,
          reference: pledge.reference,
          amount: pledge.amount,
          method: pledge.method,
          status: 'pledged',
          manageToken: token,
          entry: entry as Entry,
        }),
      };
    },
  });
  return { ...(result.response as PledgeReceipt), replayed: result.replayed };
}

async function readPledge(deps: LedgerDeps, pledgeId: string): Promise<StoredRecord<Pledge>> {
  const record = await deps.store.getRecord<Pledge>({ collection: PLEDGE, id: pledgeId });
  if (!record) throw new PledgeNotFoundError(pledgeId);
  return record;
}

export async function pledgeIdByReference(deps: LedgerDeps, fundId: string, reference: string) {
  const record = await deps.store.getRecord<{ pledgeId: string }>({
    collection: PLEDGE_REF,
    id: `${fundId}:${reference.trim().toUpperCase()}`,
  });
  if (!record) throw new PledgeNotFoundError(reference);
  return record.value.pledgeId;
}

interface MoneyFacts {
  amount: number;
  method: PaymentMethod;
  receivedAt: string;
  recordedBy: string;
  receiptNo?: string;
  bankRef?: string;
  stripeId?: string;
}

/**
 * Money received for a pledge: what is outstanding becomes a payment, anything more a
 * donation from the same donor. Returns the drafts and how to update the pledge.
 */
function applyToPledge(key: string, pledge: Pledge, money: MoneyFacts) {
  const toPledge = Math.min(money.amount, outstandingOf(pledge));
  const excess = money.amount - toPledge;
  const base: DraftBase = {
    id: key,
    occurredAt: money.receivedAt,
    recordedAt: money.receivedAt,
    recordedBy: money.recordedBy,
  };
  const refs = { bankRef: money.bankRef, receiptNo: money.receiptNo, stripeId: money.stripeId };
  const drafts: EntryDraft[] = [];
  if (toPledge > 0) {
    drafts.push(
      paymentDraft(base, {
        pledgeId: pledge.pledgeId,
        reference: pledge.reference,
        donor: publicDonorOf(pledge),
        amount: toPledge,
        method: money.method,
        ...refs,
      }),
    );
  }
  if (excess > 0) {
    drafts.push(
      donationDraft(
        {
          ...base,
          id: toPledge > 0 ? `${key}:excess` : key,
          memo: `Vượt số cam kết ${pledge.reference}`,
        },
        { donor: publicDonorOf(pledge), amount: excess, method: money.method, ...refs },
      ),
    );
  }
  const updated = (entries: Entry[]): Pledge => {
    const payment = toPledge > 0 ? entries[0] : undefined;
    const paid = addMoney(pledge.paid, toPledge);
    return {
      ...pledge,
      paid,
      status: statusOf({ ...pledge, paid }),
      payments: payment
        ? [
            ...pledge.payments,
            {
              seq: payment.seq,
              hash: payment.hash,
              amount: toPledge,
              method: money.method,
              receivedAt: money.receivedAt,
              ...(money.receiptNo ? { receiptNo: money.receiptNo } : {}),
              ...(money.bankRef ? { bankRef: money.bankRef } : {}),
              ...(money.stripeId ? { stripeId: money.stripeId } : {}),
            },
          ]
        : pledge.payments,
    };
  };
  return { drafts, updated };
}

export interface PaymentInput {
  pledgeId?: string;
  reference?: string;
  /** A gift with no pledge: the donor as the public should see them. */
  donor?: { name: string; kind: DonorKind; showName: boolean };
  amount: number;
  method: 'cash' | 'transfer';
  receivedAt: string;
  receiptNo?: string;
  bankRef?: string;
}

export interface PaymentReceipt {
  pledgeId?: string;
  status?: PledgeStatus;
  outstanding?: number;
  entries: Entry[];
}

/** A treasurer records cash or a transfer received, on a pledge or as a gift. */
export async function recordPayment(
  deps: PledgeDeps,
  fundId: string,
  input: PaymentInput,
  actor: string,
  idempotencyKey: string,
): Promise<PaymentReceipt & { replayed: boolean }> {
  const key = `payment:${idempotencyKey}`;
  const pledgeId =
    input.pledgeId ??
    (input.reference ? await pledgeIdByReference(deps, fundId, input.reference) : undefined);
  const money: MoneyFacts = {
    amount: input.amount,
    method: input.method,
    receivedAt: input.receivedAt,
    recordedBy: actor,
    ...(input.receiptNo ? { receiptNo: input.receiptNo } : {}),
    ...(input.bankRef ? { bankRef: input.bankRef } : {}),
  };
  const result = await deps.store.append(fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({ fundId, input }),
    prepare: async () => {
      if (!pledgeId) {
        const donor: PublicDonor = {
          id: deps.ids.donorId(),
          displayName:
            input.donor?.showName && input.donor.name ? input.donor.name : ANONYMOUS_NAME,
          ...(input.donor ? { kind: input.donor.kind } : {}),
        };
        const base = {
          id: key,
          occurredAt: input.receivedAt,
          recordedAt: deps.clock().toISOString(),
          recordedBy: actor,
        };
        return {
          drafts: [donationDraft(base, { donor, ...money })],
          respond: (entries): PaymentReceipt => ({ entries }),
        };
      }
      const { value: pledge, version } = await readPledge(deps, pledgeId);
      if (pledge.fundId !== fundId) throw new PledgeNotFoundError(pledgeId);
      if (pledge.status === 'cancelled') throw new PledgeClosedError(pledgeId, pledge.status);
      const { drafts, updated } = applyToPledge(key, pledge, money);
      return {
        drafts,
        records: (entries) => [pledgeWrite(updated(entries), version)],
        respond: (entries): PaymentReceipt => {
          const after = updated(entries);
          return { pledgeId, status: after.status, outstanding: outstandingOf(after), entries };
        },
      };
    },
  });
  return { ...(result.response as PaymentReceipt), replayed: result.replayed };
}

/** Withdraws what is still outstanding; what was paid stays paid. */
export async function cancelPledge(
  deps: PledgeDeps,
  pledgeId: string,
  actor: string,
): Promise<{ pledgeId: string; status: PledgeStatus; cancelled: number; entry: Entry }> {
  const { value: first } = await readPledge(deps, pledgeId);
  const key = `cancel:${pledgeId}`;
  const result = await deps.store.append(first.fundId, {
    idempotencyKey: key,
    // Any second cancellation, by the donor or a treasurer, gets the first answer.
    requestHash: fingerprint({ cancel: pledgeId }),
    prepare: async () => {
      const { value: pledge, version } = await readPledge(deps, pledgeId);
      const outstanding = outstandingOf(pledge);
      if (pledge.status === 'cancelled' || outstanding === 0) {
        throw new PledgeClosedError(pledgeId, pledge.status);
      }
      const at = deps.clock().toISOString();
      const base: DraftBase = {
        id: key,
        occurredAt: at,
        recordedAt: at,
        recordedBy: actor,
        memo: 'Hủy cam kết',
      };
      const after: Pledge = {
        ...pledge,
        status: 'cancelled',
        cancelled: outstanding,
        cancelledAt: at,
      };
      return {
        drafts: [
          pledgeCancelDraft(base, {
            pledgeId,
            reference: pledge.reference,
            donor: publicDonorOf(pledge),
            amount: outstanding,
          }),
        ],
        records: () => [pledgeWrite(after, version)],
        respond: ([entry]) => ({ pledgeId, status: after.status, cancelled: outstanding, entry }),
      };
    },
  });
  return result.response as {
    pledgeId: string;
    status: PledgeStatus;
    cancelled: number;
    entry: Entry;
  };
}

/** What the pledger's page shows. */
export interface PledgeView {
  pledgeId: string;
  fundId: string;
  reference: string;
  donorName: string;
  showName: boolean;
  amount: number;
  method: PledgeMethod;
  status: PledgeStatus;
  paid: number;
  cancelled: number;
  outstanding: number;
  createdAt: string;
  pledgeSeq: number;
  pledgeHash: string;
  payments: PledgePayment[];
  lastCardFailure?: { at: string; reason: string };
}

export function pledgeTokenMatches(pledge: Pledge, token: string): boolean {
  const given = Buffer.from(sha256Hex(token), 'hex');
  const kept = Buffer.from(pledge.manageTokenHash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

/** The pledge as its manage link shows it; a wrong token looks like no pledge at all. */
export async function getPledge(
  deps: LedgerDeps,
  pledgeId: string,
  token: string,
): Promise<PledgeView> {
  const record = await deps.store.getRecord<Pledge>({ collection: PLEDGE, id: pledgeId });
  if (!record || !pledgeTokenMatches(record.value, token)) throw new PledgeNotFoundError(pledgeId);
  const p = record.value;
  return {
    pledgeId: p.pledgeId,
    fundId: p.fundId,
    reference: p.reference,
    donorName: p.donor.name,
    showName: p.donor.showName,
    amount: p.amount,
    method: p.method,
    status: p.status,
    paid: p.paid,
    cancelled: p.cancelled,
    outstanding: outstandingOf(p),
    createdAt: p.createdAt,
    pledgeSeq: p.pledgeSeq,
    pledgeHash: p.pledgeHash,
    payments: p.payments,
    ...(p.lastCardFailure ? { lastCardFailure: p.lastCardFailure } : {}),
  };
}

export { applyToPledge, pledgeWrite, readPledge, statusOf };

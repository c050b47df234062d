import type { PaymentMethod } from './accounts.ts';
import type { PublicPayee } from './entry.ts';
import type { DonorKind, EvidenceType } from './rules.ts';

/**
 * The documents kept beside the journal, as the core reads and writes them. How they are keyed
 * and listed is the store's business (packages/store).
 */

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

export type DisbursementStatus =
  | 'pending_approval'
  | 'approved'
  | 'rejected'
  | 'reversed'
  /** Taken back by the treasurer who recorded it, before anyone decided. */
  | 'withdrawn';

export interface DisbursementFacts {
  amount: number;
  category: string;
  payee: PublicPayee;
  purpose: string;
  paidAt: string;
  method: 'cash' | 'transfer';
  evidence: string[];
  bankRef?: string;
}

export interface Disbursement extends DisbursementFacts {
  id: string;
  fundId: string;
  status: DisbursementStatus;
  /** The bank line (money out) this payment shows as, once linked. */
  bankLineId?: string;
  recordedBy: string;
  recordedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  rejectionReason?: string;
  seq?: number;
  hash?: string;
}

export interface EvidenceFile {
  sha256: string;
  fundId: string;
  contentType: EvidenceType;
  size: number;
  visibility: 'public' | 'private';
  fileName?: string;
  uploadedBy: string;
  createdAt: string;
}

/** A record as read, with the version a conditional write must name. */
export interface Versioned<T> {
  value: T;
  /** Starts at 1; every write moves it by one, so concurrent writers cannot both win. */
  version: number;
}

import type { PaymentMethod } from '../primitives/accounts.ts';

/**
 * What soquy tells people by email, as facts; how a notice looks (HTML, text, the PDF receipt,
 * Vietnamese then English) is the mail adapter's business (packages/mail), and how it travels
 * (SMTP locally, SES in AWS) too. The core only decides who gets which notice, and when.
 */
interface NoticeBase {
  /** One address; a notice to several people is sent once per person. */
  to: string;
  fundId: string;
  fundName: string;
}

/** A payment on a pledge was recorded: the donor's receipt. */
export interface ReceiptNotice extends NoticeBase {
  kind: 'receipt';
  donorName: string;
  pledgeId: string;
  reference: string;
  amount: number;
  method: PaymentMethod;
  /** When the money was received (ISO instant). */
  receivedAt: string;
  seq: number;
  hash: string;
  pledgeAmount: number;
  /** Paid on the pledge so far, this payment included. */
  paid: number;
  outstanding: number;
  /** The donor's own pledge page (their manage link). */
  pledgeUrl: string;
  /** Where anyone checks this entry against the fund's signed log. */
  verifyUrl: string;
}

/** A disbursement waits for a second officer: one notice per approver of the fund. */
export interface ApprovalNotice extends NoticeBase {
  kind: 'approval';
  disbursementId: string;
  amount: number;
  payeeName: string;
  purpose: string;
  category: string;
  recordedBy: string;
  recordedAt: string;
  /** The console page listing what waits. */
  consoleUrl: string;
}

/** A pledge is still (partly) unpaid: a reminder the donor can stop with one click. */
export interface ReminderNotice extends NoticeBase {
  kind: 'reminder';
  donorName: string;
  pledgeId: string;
  reference: string;
  amount: number;
  paid: number;
  outstanding: number;
  dueDate?: string;
  pledgeUrl: string;
  unsubscribeUrl: string;
}

export type Notice = ReceiptNotice | ApprovalNotice | ReminderNotice;

/** Sends one notice; throws when the mail service did not accept it. */
export interface Mailer {
  send(notice: Notice): Promise<void>;
}

/**
 * What was sent, kept beside the journal (the State table), so a retried stream batch or a
 * second reminder run never sends the same notice twice; and who asked for no more reminders.
 */
export interface MailLog {
  /**
   * Claims the right to send the notice `key`, with a conditional put. False when it was sent
   * already, or another sender claimed it less than `staleAfterMs` ago.
   */
  claim(key: string, at: Date, staleAfterMs: number): Promise<boolean>;
  /** The claimed notice went out. */
  sent(key: string, at: Date): Promise<void>;
  /** Sending failed: the next try may claim it again. */
  release(key: string): Promise<void>;
  /** When the notice `key` was sent, if it was. */
  sentAt(key: string): Promise<string | undefined>;
  /** The donor of this pledge asked for no more reminders (receipts still go). */
  unsubscribe(pledgeId: string, at: Date): Promise<void>;
  isUnsubscribed(pledgeId: string): Promise<boolean>;
}

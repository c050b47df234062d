import { InvalidEntryError } from '../errors.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { addMoney } from './money.ts';
import { type DonorKind, MAX_MEMO_LENGTH, type PayeeKind } from './rules.ts';

export const ENTRY_FORMAT_VERSION = 1;

export const ENTRY_KINDS = [
  'pledge',
  'pledge_cancel',
  'payment',
  'donation',
  'disbursement',
  'fee',
  'reversal',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** The `prevHash` of seq 1: 64 zeros. Documented in docs/ledger-format.md. */
export const GENESIS_HASH = '0'.repeat(64);

export interface Posting {
  account: string;
  /** Signed integer đồng; debits positive, credits negative. */
  amount: number;
}

/** What an entry points at. Only ids and public references: never contact data. */
export interface EntryRefs {
  pledgeId?: string;
  pledgeReference?: string;
  disbursementId?: string;
  stripeId?: string;
  bankRef?: string;
  receiptNo?: string;
  /** The seq this entry reverses (kind `reversal`). */
  reverses?: number;
}

/** The donor as the public sees them: an opaque id and the name they chose to show. */
export interface PublicDonor {
  id: string;
  displayName: string;
  kind?: DonorKind;
}

/** Everything a use case decides; the store adds seq, prevHash and hash. */
export interface EntryDraft {
  id: string;
  kind: EntryKind;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  postings: Posting[];
  refs: EntryRefs;
  memo: string;
  evidence: string[];
  donor?: PublicDonor;
  /** Who was paid (disbursements), as the public sees them. */
  payee?: PublicPayee;
}

export interface PublicPayee {
  name: string;
  kind: PayeeKind;
}

export interface Entry extends EntryDraft {
  v: number;
  fundId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export type UnhashedEntry = Omit<Entry, 'hash'>;

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const ACCOUNT_PATTERN = /^(?:assets|income|expenses):[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** hash = SHA-256( prevHash as 64 ASCII hex chars ‖ RFC 8785 bytes of the entry without `hash` ). */
export function hashEntry(entry: UnhashedEntry): string {
  return sha256Hex(entry.prevHash + canonicalJson(entry));
}

export function isSha256Hex(value: string): boolean {
  return HEX64.test(value);
}

export function isInstant(value: string): boolean {
  return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Checks the rules every entry obeys, whatever its kind. Returns the list of problems,
 * empty when the entry is sound. Used both when sealing and when verifying.
 */
export function entryProblems(entry: EntryDraft, chart?: readonly string[]): string[] {
  const problems: string[] = [];
  if (!ENTRY_KINDS.includes(entry.kind)) problems.push(`unknown kind "${entry.kind}"`);
  if (typeof entry.id !== 'string' || entry.id.length === 0 || entry.id.length > 200) {
    problems.push('id must be 1 to 200 characters');
  }
  if (!isInstant(entry.occurredAt)) problems.push('occurredAt must be an ISO 8601 UTC instant');
  if (!isInstant(entry.recordedAt)) problems.push('recordedAt must be an ISO 8601 UTC instant');
  if (typeof entry.memo !== 'string' || entry.memo.length > MAX_MEMO_LENGTH) {
    problems.push(`memo must be at most ${MAX_MEMO_LENGTH} characters`);
  }
  if (!Array.isArray(entry.evidence) || !entry.evidence.every(isSha256Hex)) {
    problems.push('evidence must be SHA-256 digests in lowercase hex');
  }
  if (!Array.isArray(entry.postings) || entry.postings.length < 2) {
    problems.push('an entry needs at least two postings');
    return problems;
  }
  let sum = 0;
  for (const posting of entry.postings) {
    if (!Number.isSafeInteger(posting.amount) || posting.amount === 0) {
      problems.push(`posting to ${posting.account} must be a non-zero integer`);
      continue;
    }
    if (!ACCOUNT_PATTERN.test(posting.account)) {
      problems.push(`"${posting.account}" is not an account name`);
    } else if (chart && !chart.includes(posting.account)) {
      problems.push(`"${posting.account}" is not in this fund's chart of accounts`);
    }
    sum = addMoney(sum, posting.amount);
  }
  if (sum !== 0) problems.push(`postings sum to ${sum}, not 0`);
  return problems;
}

export function assertEntrySound(entry: EntryDraft, chart?: readonly string[]): void {
  const problems = entryProblems(entry, chart);
  if (problems.length > 0) {
    throw new InvalidEntryError(`The entry is not valid: ${problems.join('; ')}.`, { problems });
  }
}

/** The net amount an entry moves on each account. */
export function netByAccount(postings: readonly Posting[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const { account, amount } of postings) {
    net.set(account, addMoney(net.get(account) ?? 0, amount));
  }
  return net;
}

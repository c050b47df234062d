import { InvalidEntryError } from '../errors.ts';
import { ACCOUNTS, MONEY_ACCOUNTS } from './accounts.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { addMoney } from './money.ts';
import {
  DONOR_KINDS,
  type DonorKind,
  MAX_AMOUNT,
  MAX_EVIDENCE_FILES,
  MAX_MEMO_LENGTH,
  MAX_NAME_LENGTH,
  PAYEE_KINDS,
  type PayeeKind,
  SLUG_MAX_LENGTH,
  SLUG_PATTERN,
} from './rules.ts';
import { type TextRule, textProblems } from './text.ts';

/**
 * The entry format, version 1. Every rule below is written out in docs/ledger-format.md
 * ("An entry"), and the verifier applies exactly these rules: change one, change the other.
 */
export const ENTRY_FORMAT_VERSION = 1;

export const ENTRY_KINDS = [
  'pledge',
  'pledge_cancel',
  'payment',
  'donation',
  'disbursement',
  'fee',
  'transfer',
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

/**
 * Entry ids and donor ids: 1 to 256 printable ASCII characters, no spaces. An entry id is the
 * request's Idempotency-Key (up to 200) with the operation's prefix and suffix around it.
 */
export const MAX_ID_LENGTH = 256;
/** Each string in `refs` (a bank transfer reference, a receipt number, a Stripe id…). */
export const MAX_REF_LENGTH = 200;

/**
 * A staff handle as `recordedBy` holds it: never an email address (no "@"). The names `public`,
 * `donor` and `stripe` match it too and mean those actors; `actorName` never gives them to staff.
 */
export const RECORDED_BY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const RESERVED_RECORDERS = ['public', 'donor', 'stripe', 'bank'] as const;

const ID_PATTERN = /^[\x21-\x7e]{1,256}$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** Exactly what `Date.prototype.toISOString()` writes for the years 2000–9999. */
const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ACCOUNT_PATTERN =
  /^(?:assets:(?:bank|cash|stripe|pledges)|income:(?:pledged|donations)|expenses:([a-z0-9]+(?:-[a-z0-9]+)*))$/;
const EXPENSE_PREFIX = 'expenses:';

const MEMO_RULE: TextRule = { max: MAX_MEMO_LENGTH, multiline: true, isPublic: true };
const NAME_RULE: TextRule = { max: MAX_NAME_LENGTH, isPublic: true };
const REF_RULE: TextRule = { max: MAX_REF_LENGTH };

const DRAFT_FIELDS = [
  'id',
  'kind',
  'occurredAt',
  'recordedAt',
  'recordedBy',
  'postings',
  'refs',
  'memo',
  'evidence',
  'donor',
  'payee',
] as const;
const SEALED_FIELDS = ['v', 'fundId', 'seq', 'prevHash', 'hash'] as const;
const ENTRY_FIELDS: readonly string[] = [...DRAFT_FIELDS, ...SEALED_FIELDS];
const REQUIRED_DRAFT_FIELDS: readonly string[] = DRAFT_FIELDS.filter(
  (field) => field !== 'donor' && field !== 'payee',
);
const REQUIRED_ENTRY_FIELDS: readonly string[] = [...REQUIRED_DRAFT_FIELDS, ...SEALED_FIELDS];

export const REF_KEYS = [
  'pledgeId',
  'pledgeReference',
  'disbursementId',
  'stripeId',
  'bankRef',
  'receiptNo',
  'reverses',
] as const;
export type RefKey = (typeof REF_KEYS)[number];

/**
 * What each kind of entry holds (docs/ledger-format.md, "Kinds"). An entry has exactly two
 * postings: the first takes +A on one of `debit`, the second −A on one of `credit`, A > 0.
 * `expense` is `expenses:<category id>`. A reversal's postings, refs, donor and payee follow its
 * original instead (checked by the verifier, which has the journal).
 */
export interface KindRule {
  debit: readonly string[] | 'expense';
  credit: readonly string[];
  refs: { required: readonly RefKey[]; optional: readonly RefKey[] };
  donor: 'required' | 'absent';
  payee: 'optional' | 'absent';
}

const BANK_OR_CASH = [ACCOUNTS.bank, ACCOUNTS.cash] as const;
const PLEDGE_REFS = ['pledgeId', 'pledgeReference'] as const;
const MONEY_REFS = ['bankRef', 'receiptNo', 'stripeId'] as const;

export const KIND_RULES: Readonly<Record<Exclude<EntryKind, 'reversal'>, KindRule>> = {
  pledge: {
    debit: [ACCOUNTS.pledges],
    credit: [ACCOUNTS.pledgedIncome],
    refs: { required: PLEDGE_REFS, optional: [] },
    donor: 'required',
    payee: 'absent',
  },
  pledge_cancel: {
    debit: [ACCOUNTS.pledgedIncome],
    credit: [ACCOUNTS.pledges],
    refs: { required: PLEDGE_REFS, optional: [] },
    donor: 'required',
    payee: 'absent',
  },
  payment: {
    debit: MONEY_ACCOUNTS,
    credit: [ACCOUNTS.pledges],
    refs: { required: PLEDGE_REFS, optional: MONEY_REFS },
    donor: 'required',
    payee: 'absent',
  },
  donation: {
    debit: MONEY_ACCOUNTS,
    credit: [ACCOUNTS.donations],
    refs: { required: [], optional: MONEY_REFS },
    donor: 'required',
    payee: 'absent',
  },
  disbursement: {
    debit: 'expense',
    credit: BANK_OR_CASH,
    refs: { required: ['disbursementId'], optional: ['bankRef'] },
    donor: 'absent',
    payee: 'optional',
  },
  fee: {
    debit: [ACCOUNTS.fees],
    credit: [ACCOUNTS.stripe],
    refs: { required: ['stripeId'], optional: [] },
    donor: 'absent',
    payee: 'absent',
  },
  /** Cash carried to the bank (bank up, cash down) or drawn from it; the two accounts differ. */
  transfer: {
    debit: BANK_OR_CASH,
    credit: BANK_OR_CASH,
    refs: { required: [], optional: ['bankRef', 'receiptNo'] },
    donor: 'absent',
    payee: 'absent',
  },
};

/** hash = SHA-256( prevHash as 64 ASCII hex chars ‖ RFC 8785 bytes of the entry without `hash` ). */
export function hashEntry(entry: UnhashedEntry): string {
  return sha256Hex(entry.prevHash + canonicalJson(entry));
}

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value);
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, UTC, three fraction digits, a real calendar date and time (no
 * Feb 30, no leap second :60), years 2000–9999: what `toISOString()` writes for such a date.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 2000 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

export function isAccountName(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ACCOUNT_PATTERN.exec(value);
  return match !== null && (match[1] === undefined || match[1].length <= SLUG_MAX_LENGTH);
}

export function isEntryId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export function isRecorder(value: unknown): value is string {
  return typeof value === 'string' && RECORDED_BY_PATTERN.test(value);
}

type Members = Record<string, unknown>;

const isMembers = (value: unknown): value is Members =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isKind = (value: unknown): value is EntryKind =>
  typeof value === 'string' && (ENTRY_KINDS as readonly string[]).includes(value);

/** Absent in JSON; in JavaScript a key holding `undefined` is absent too (JSON drops it). */
const present = (value: unknown) => value !== undefined && value !== null;

/**
 * Unknown and `null` members, and missing required ones. A `null` counts as given (so it is
 * reported once, as null, not also as missing).
 */
function memberProblems(
  where: string,
  value: Members,
  allowed: readonly string[],
  required: readonly string[],
  problems: string[],
  unknown = 'is not a field of the format',
): void {
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) continue;
    if (!allowed.includes(key)) {
      problems.push(`${where}${JSON.stringify(key)} ${unknown}`);
    } else if (value[key] === null) {
      problems.push(`${where}${key} is null: an optional field is left out, never null`);
    }
  }
  for (const key of required) {
    if (value[key] === undefined) problems.push(`${where}${key} is missing`);
  }
}

function textFieldProblems(
  name: string,
  value: unknown,
  rule: TextRule,
  problems: string[],
  allowEmpty = false,
): void {
  if (typeof value !== 'string') {
    problems.push(`${name} must be a string`);
    return;
  }
  if (!allowEmpty && value.length === 0) problems.push(`${name} must not be empty`);
  for (const problem of textProblems(value, rule)) problems.push(`${name} ${problem}`);
}

function refsProblems(refs: unknown, kind: EntryKind | undefined, problems: string[]): void {
  if (!isMembers(refs)) {
    problems.push('refs must be an object');
    return;
  }
  const rule = kind && kind !== 'reversal' ? KIND_RULES[kind].refs : undefined;
  const allowed: readonly string[] =
    kind === 'reversal' ? REF_KEYS : rule ? [...rule.required, ...rule.optional] : REF_KEYS;
  const required: readonly string[] = kind === 'reversal' ? ['reverses'] : (rule?.required ?? []);
  memberProblems(
    'refs.',
    refs,
    allowed,
    required,
    problems,
    kind ? `is not a ref of a ${kind}` : undefined,
  );
  for (const key of REF_KEYS) {
    const value = refs[key];
    if (!present(value)) continue;
    if (key === 'reverses') {
      if (!Number.isSafeInteger(value) || (value as number) < 1) {
        problems.push('refs.reverses must be the seq (a positive integer) of an earlier entry');
      }
    } else {
      textFieldProblems(`refs.${key}`, value, REF_RULE, problems);
    }
  }
}

function donorProblems(donor: unknown, problems: string[]): void {
  if (!isMembers(donor)) {
    problems.push('donor must be an object');
    return;
  }
  memberProblems('donor.', donor, ['id', 'displayName', 'kind'], ['id', 'displayName'], problems);
  if (present(donor.id) && !isEntryId(donor.id)) {
    problems.push('donor.id must be 1 to 256 printable ASCII characters without spaces');
  }
  if (present(donor.displayName)) {
    textFieldProblems('donor.displayName', donor.displayName, NAME_RULE, problems);
  }
  if (present(donor.kind) && !(DONOR_KINDS as readonly unknown[]).includes(donor.kind)) {
    problems.push(`donor.kind must be one of ${DONOR_KINDS.join(', ')}`);
  }
}

function payeeProblems(payee: unknown, problems: string[]): void {
  if (!isMembers(payee)) {
    problems.push('payee must be an object');
    return;
  }
  memberProblems('payee.', payee, ['name', 'kind'], ['name', 'kind'], problems);
  if (present(payee.name)) textFieldProblems('payee.name', payee.name, NAME_RULE, problems);
  if (present(payee.kind) && !(PAYEE_KINDS as readonly unknown[]).includes(payee.kind)) {
    problems.push(`payee.kind must be one of ${PAYEE_KINDS.join(', ')}`);
  }
}

function evidenceProblems(evidence: unknown, problems: string[]): void {
  if (!Array.isArray(evidence)) {
    problems.push('evidence must be an array');
    return;
  }
  if (!evidence.every(isSha256Hex)) {
    problems.push('evidence must be SHA-256 digests in lowercase hex');
  } else if (new Set(evidence).size !== evidence.length) {
    problems.push('evidence lists a digest twice');
  }
  if (evidence.length > MAX_EVIDENCE_FILES) {
    problems.push(`evidence lists more than ${MAX_EVIDENCE_FILES} files`);
  }
}

const sideAllows = (side: KindRule['debit'], account: string) =>
  side === 'expense' ? account.startsWith(EXPENSE_PREFIX) : side.includes(account);

const sideText = (side: KindRule['debit']) =>
  side === 'expense' ? 'expenses:<category id>' : side.join(' or ');

function postingsProblems(
  postings: unknown,
  kind: EntryKind | undefined,
  chart: readonly string[] | undefined,
  problems: string[],
): void {
  if (!Array.isArray(postings) || postings.length !== 2) {
    problems.push('an entry has exactly two postings');
    return;
  }
  let sound = true;
  postings.forEach((posting: unknown, i) => {
    const where = `postings[${i}]`;
    if (!isMembers(posting)) {
      problems.push(`${where} must be an object`);
      sound = false;
      return;
    }
    memberProblems(`${where}.`, posting, ['account', 'amount'], ['account', 'amount'], problems);
    const { account, amount } = posting;
    if (!isAccountName(account)) {
      if (present(account)) problems.push(`${where}: ${JSON.stringify(account)} is not an account`);
      sound = false;
    } else if (chart && !chart.includes(account)) {
      problems.push(`${where}: "${account}" is not in this fund's chart of accounts`);
    }
    if (
      typeof amount !== 'number' ||
      !Number.isSafeInteger(amount) ||
      amount === 0 ||
      Math.abs(amount) > MAX_AMOUNT
    ) {
      if (present(amount)) {
        problems.push(
          `${where}.amount must be a non-zero integer of at most ${MAX_AMOUNT} đồng either way`,
        );
      }
      sound = false;
    }
  });
  if (!sound) return;
  const [first, second] = postings as Posting[] as [Posting, Posting];
  if (first.account === second.account) {
    problems.push(`both postings are on ${first.account}`);
    return;
  }
  const sum = addMoney(first.amount, second.amount);
  if (sum !== 0) {
    problems.push(`postings sum to ${sum}, not 0`);
    return;
  }
  if (!kind || kind === 'reversal') return;
  const rule = KIND_RULES[kind];
  if (first.amount < 0 || !sideAllows(rule.debit, first.account)) {
    problems.push(`a ${kind} takes +A on ${sideText(rule.debit)} in its first posting`);
  }
  if (!sideAllows(rule.credit, second.account)) {
    problems.push(`a ${kind} takes −A on ${sideText(rule.credit)} in its second posting`);
  }
}

/** The rules of the fields a use case decides (all but v, fundId, seq, prevHash and hash). */
function bodyProblems(
  e: Members,
  allowed: readonly string[],
  required: readonly string[],
  chart: readonly string[] | undefined,
  problems: string[],
): void {
  memberProblems('', e, allowed, required, problems);
  const kind = isKind(e.kind) ? e.kind : undefined;
  if (present(e.kind) && !kind) problems.push(`unknown kind ${JSON.stringify(e.kind)}`);
  if (present(e.id) && !isEntryId(e.id)) {
    problems.push('id must be 1 to 256 printable ASCII characters without spaces');
  }
  for (const field of ['occurredAt', 'recordedAt'] as const) {
    if (present(e[field]) && !isInstant(e[field])) {
      problems.push(
        `${field} must be a UTC instant like 2026-11-20T03:00:00.000Z (years 2000–9999)`,
      );
    }
  }
  if (present(e.recordedBy) && !isRecorder(e.recordedBy)) {
    problems.push(
      'recordedBy must be public, donor, stripe or a staff handle (letters, digits, ".", "_", "-")',
    );
  }
  if (present(e.memo)) textFieldProblems('memo', e.memo, MEMO_RULE, problems, true);
  if (present(e.evidence)) evidenceProblems(e.evidence, problems);
  if (present(e.refs)) refsProblems(e.refs, kind, problems);
  if (present(e.donor)) donorProblems(e.donor, problems);
  if (present(e.payee)) payeeProblems(e.payee, problems);
  if (kind === 'reversal' && e.memo === '') problems.push('a reversal says why in its memo');
  if (kind && kind !== 'reversal') {
    const rule = KIND_RULES[kind];
    if (rule.donor === 'required' && e.donor === undefined)
      problems.push(`a ${kind} names its donor`);
    if (rule.donor === 'absent' && present(e.donor)) problems.push(`a ${kind} has no donor`);
    if (rule.payee === 'absent' && present(e.payee)) problems.push(`a ${kind} has no payee`);
  }
  if (present(e.postings)) postingsProblems(e.postings, kind, chart, problems);
}

/**
 * Checks a draft against the rules every entry obeys on its own (docs/ledger-format.md, "An
 * entry" and "Kinds"). Returns the list of problems, empty when the draft is sound. The store
 * seals nothing this refuses; the verifier applies the same rules to sealed entries.
 */
export function entryProblems(entry: EntryDraft, chart?: readonly string[]): string[] {
  const problems: string[] = [];
  bodyProblems(entry as unknown as Members, DRAFT_FIELDS, REQUIRED_DRAFT_FIELDS, chart, problems);
  return problems;
}

/**
 * The same rules for a sealed entry read from a journal, whatever it holds (it may not even be
 * an object), plus those of `v`, `fundId`, `seq`, `prevHash` and `hash`. What links it to the
 * rest of the journal (seq order, prevHash, reversals, balances) is the verifier's.
 */
export function sealedEntryProblems(value: unknown): string[] {
  if (!isMembers(value)) return ['an entry must be a JSON object'];
  const problems: string[] = [];
  bodyProblems(value, ENTRY_FIELDS, REQUIRED_ENTRY_FIELDS, undefined, problems);
  if (present(value.v) && value.v !== ENTRY_FORMAT_VERSION) {
    problems.push(`v must be ${ENTRY_FORMAT_VERSION}`);
  }
  if (
    present(value.fundId) &&
    (typeof value.fundId !== 'string' ||
      !SLUG_PATTERN.test(value.fundId) ||
      value.fundId.length > SLUG_MAX_LENGTH)
  ) {
    problems.push('fundId must be a fund id (lowercase letters, digits and single dashes)');
  }
  if (present(value.seq) && (!Number.isSafeInteger(value.seq) || (value.seq as number) < 1)) {
    problems.push('seq must be a positive integer');
  }
  for (const field of ['prevHash', 'hash'] as const) {
    if (present(value[field]) && !isSha256Hex(value[field])) {
      problems.push(`${field} must be 64 lowercase hex digits`);
    }
  }
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

/**
 * Rules that more than one layer checks (the core, the API's zod schemas, the forms, the
 * verifier), written once here so they cannot drift apart.
 */

/** Ids people type or read in URLs: funds, spending categories. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 64;
export const SLUG_HINT = 'use lowercase letters, digits and single dashes, e.g. "pu-trang"';

/**
 * Money is an integer count of the currency's minor unit. VND has none, so 1 = 1 đồng.
 * 10^13 đồng is far above any community fund and far below 2^53, so every sum of a
 * realistic journal stays a safe integer; `addMoney` checks that anyway.
 */
export const MAX_AMOUNT = 10_000_000_000_000;
/** Stripe takes at most 99,999,999 in minor units per charge; VND has none, so đồng. */
export const CARD_MAX_AMOUNT = 99_999_999;

export const DONOR_KINDS = ['business', 'household', 'individual', 'organisation'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];
export const PAYEE_KINDS = ['business', 'organisation', 'individual'] as const;
export type PayeeKind = (typeof PAYEE_KINDS)[number];

/** Photos or PDFs of invoices and receipts, identified by the SHA-256 of their bytes. */
export const EVIDENCE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 20;

export const MAX_MEMO_LENGTH = 500;
export const MAX_NAME_LENGTH = 200;

/** The name the public sees for a donor who chose not to be named. */
export const ANONYMOUS_NAME = 'Ẩn danh';

/** How far into the future a date of money received or paid may be: clocks of phones differ. */
export const CLOCK_SKEW_MINUTES = 5;
/**
 * How long before a fund's opening date (`opensAt`) money may have moved: wards often collect
 * before anyone enters the fund into soquy, but not years before.
 */
export const BEFORE_OPENING_GRACE_DAYS = 90;

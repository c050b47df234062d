/**
 * What free text may contain, written once for the API's inputs, the writer and the verifier
 * (docs/ledger-format.md, "Text"). Text is stored in Unicode NFC, so the same name typed on two
 * phones (precomposed "ạ" or "a" + combining dot) hashes to the same bytes.
 */

/**
 * Control characters (C0, DEL, C1) and the characters that reorder how text is displayed
 * (bidi embeddings, overrides, isolates and marks): they can hide or disguise a name or an
 * amount in the journal, a CSV or a terminal. A line feed is allowed only where text may span
 * lines (a memo); lone UTF-16 surrogates have no UTF-8 form and cannot be hashed.
 */
const DISPLAY_CONTROLS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const LONE_SURROGATE =
  '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
// Built from strings: a regex literal full of control characters reads as a mistake to linters.
const FORBIDDEN_IN_LINE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f${DISPLAY_CONTROLS}]|${LONE_SURROGATE}`,
  'u',
);
const FORBIDDEN_IN_LINES = new RegExp(
  `[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f${DISPLAY_CONTROLS}]|${LONE_SURROGATE}`,
  'u',
);

/**
 * Personal data that never goes into a public entry: an email address, or a run of 9 or more
 * digits (a phone number, a tax code, a bank account or card number), counting digits that are
 * separated only by single spaces, dots or hyphens as one run ("0912 345 678").
 */
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/u;
const LONG_DIGIT_RUN = /\d(?:[ .-]?\d){8,}/gu;
/** An amount written the Vietnamese way (150.000.000): never starts with 0, as phones do. */
const DOTTED_AMOUNT = /^[1-9]\d{0,2}(?:\.\d{3})+$/u;

/** Whether the text holds a run of 9+ digits that is not an amount written with dots. */
function hasLongDigitRun(text: string): boolean {
  for (const [run] of text.matchAll(LONG_DIGIT_RUN)) if (!DOTTED_AMOUNT.test(run)) return true;
  return false;
}

export interface TextRule {
  /** Most characters, counted as Unicode code points after NFC. */
  max: number;
  /** A line feed is allowed (memos); otherwise the text is one line. */
  multiline?: boolean;
  /** The text is published in an entry: no email address or long digit run. */
  isPublic?: boolean;
}

/** Unicode code points, the unit every length in the format is counted in. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** NFC, and CR LF / CR as LF, which is what a browser's textarea may send. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

/** The problems of a text against a rule, in words a person can act on; empty when it is fine. */
export function textProblems(text: string, rule: TextRule): string[] {
  const problems: string[] = [];
  if ((rule.multiline ? FORBIDDEN_IN_LINES : FORBIDDEN_IN_LINE).test(text)) {
    problems.push(
      rule.multiline
        ? 'must not contain control characters or text-direction marks (line breaks are fine)'
        : 'must be one line without control characters or text-direction marks',
    );
  }
  if (text !== text.normalize('NFC')) problems.push('must be in Unicode NFC form');
  if (codePointLength(text) > rule.max) problems.push(`must be at most ${rule.max} characters`);
  if (rule.isPublic && ((text.includes('@') && EMAIL.test(text)) || hasLongDigitRun(text))) {
    problems.push(
      'is published: leave out phone numbers, email addresses, tax codes and account numbers',
    );
  }
  return problems;
}

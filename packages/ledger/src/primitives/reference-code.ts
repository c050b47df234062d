/**
 * Pledge reference codes: what a donor types (or the VietQR pre-fills) into a transfer memo as
 * `UNG HO <reference>`, and what the bank lines are matched to pledges by.
 *
 * A new code is 7 characters: 6 random ones and a check character, all from
 * `REFERENCE_ALPHABET`. Codes made before the check character existed are 6 random characters
 * ("legacy"); they keep working, but only where the memo puts them right after `UNG HO`
 * (see memo.ts), because nothing in them tells a code from any other 6 letters.
 *
 * The check: the alphabet has 32 = 2^5 characters, so each character is an element of the field
 * GF(32) (its index, as 5 bits; field built on the primitive polynomial x^5 + x^2 + 1). A code
 * c0 c1 … c6 is valid when c0·α^6 + c1·α^5 + … + c5·α + c6 = 0 in GF(32), α a primitive element:
 * every position has its own non-zero weight α^(6-i), and the 7 weights are all different.
 * In a field that is enough to detect, with no exception:
 *  - every single-character substitution (weight · difference is never 0);
 *  - every transposition of two different characters, adjacent or not, the check character
 *    included ((w_i + w_j)(a + b) is never 0 when w_i ≠ w_j and a ≠ b);
 *  - every "twin" error (aa → bb) in two positions.
 * What it misses: one check character cannot catch every error touching two or more characters
 * in other ways — about 1 in 32 of random double substitutions, of codes shifted by an inserted
 * or dropped character, or of random 7-character strings pass. (Luhn mod 32 would detect every
 * substitution too, but miss the transposition of the first and last characters of the alphabet,
 * "A9" ↔ "9A"; a weighted sum mod 32 cannot detect both kinds, as 32 is not prime.)
 */

/** No I, O, 0 or 1: a reference is read off a phone and typed into a banking app. */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Random characters in a code; a new code adds one check character. */
export const REFERENCE_BODY_LENGTH = 6;
/** Characters in a new code: the body and the check character. */
export const REFERENCE_LENGTH = REFERENCE_BODY_LENGTH + 1;

const VALUE = new Map([...REFERENCE_ALPHABET].map((ch, i) => [ch, i]));
/** x^5 + x^2 + 1, primitive over GF(2): multiplying by α = x is a shift and a reduction. */
const POLYNOMIAL = 0b100101;

const timesAlpha = (v: number) => (v & 0b10000 ? (v << 1) ^ POLYNOMIAL : v << 1);

/** c0·α^(n-1) + … + c(n-1) in GF(32) (Horner), or -1 if a character is not in the alphabet. */
function syndrome(code: string): number {
  let acc = 0;
  for (const ch of code) {
    const v = VALUE.get(ch);
    if (v === undefined) return -1;
    acc = timesAlpha(acc) ^ v;
  }
  return acc;
}

/** Whether every character is one of the alphabet's (upper case). */
export function isReferenceText(text: string, length: number): boolean {
  if (text.length !== length) return false;
  for (const ch of text) if (!VALUE.has(ch)) return false;
  return true;
}

/** The check character that completes a 6-character body into a new code. */
export function checkCharacter(body: string): string {
  if (!isReferenceText(body, REFERENCE_BODY_LENGTH)) {
    throw new Error(
      `A reference body is ${REFERENCE_BODY_LENGTH} characters of ${REFERENCE_ALPHABET}.`,
    );
  }
  // c6 = α · (c0·α^5 + … + c5), so that the whole sum is 0 (addition is XOR: -x = x).
  return REFERENCE_ALPHABET[timesAlpha(syndrome(body))] as string;
}

/** Whether a code is a new 7-character code whose check character fits its body. */
export function hasValidCheck(code: string): boolean {
  return isReferenceText(code, REFERENCE_LENGTH) && syndrome(code) === 0;
}

/** Whether a code has the shape of a code made before check characters: 6 alphabet characters. */
export function isLegacyReference(code: string): boolean {
  return isReferenceText(code, REFERENCE_BODY_LENGTH);
}

/** Whether a text is a pledge reference of either kind (a new code with its check, or legacy). */
export function isReference(code: string): boolean {
  return hasValidCheck(code) || isLegacyReference(code);
}

/**
 * A new code from at least 6 random bytes: each byte picks a character (256 is a multiple of
 * 32, so `byte % 32` is unbiased), then the check character.
 */
export function newReference(randomBytes: Uint8Array): string {
  if (randomBytes.length < REFERENCE_BODY_LENGTH) {
    throw new Error(`A reference needs ${REFERENCE_BODY_LENGTH} random bytes.`);
  }
  const body = Array.from(
    randomBytes.subarray(0, REFERENCE_BODY_LENGTH),
    (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length],
  ).join('');
  return body + checkCharacter(body);
}

/**
 * Every new code one substitution away from a 7-character alphabet text whose check fails:
 * exactly one per position (the character that cancels the error there). Empty when the check
 * passes or the text is not 7 alphabet characters.
 */
export function oneSubstitutionAway(text: string): string[] {
  if (!isReferenceText(text, REFERENCE_LENGTH)) return [];
  const s = syndrome(text);
  if (s === 0) return [];
  const out: string[] = [];
  // The error at position i shows as e·α^(6-i) = s; walk from the last position (weight 1).
  let weighted = s;
  for (let i = REFERENCE_LENGTH - 1; i >= 0; i--) {
    const fixed = (VALUE.get(text[i] as string) as number) ^ weighted;
    out.push(text.slice(0, i) + REFERENCE_ALPHABET[fixed] + text.slice(i + 1));
    weighted = divideByAlpha(weighted);
  }
  return out.reverse();
}

/** v / α in GF(32): the inverse of `timesAlpha`. */
function divideByAlpha(v: number): number {
  return v & 1 ? (v ^ POLYNOMIAL) >> 1 : v >> 1;
}

/**
 * Reading transfer memos as banks deliver them (the team's bank-formats notes, "Memos").
 * The pledge's VietQR pre-fills `UNG HO <reference>`; on its way the bank strips diacritics,
 * changes case, wraps the memo in its own text, cuts it, and PDF or Excel exports put spaces
 * inside words. So a memo is read as one run of A–Z and 0–9 ("normalised"), where the split
 * code "PT7 K2QX" and the glued "SOQUYPT7K2QX" both contain "PT7K2QX".
 *
 * Pure functions: the store looks the codes up among the fund's pledges.
 */
import {
  checkCharacter,
  hasValidCheck,
  isLegacyReference,
  isReferenceText,
  oneSubstitutionAway,
  REFERENCE_BODY_LENGTH,
  REFERENCE_LENGTH,
} from './reference-code.ts';

/** The memo soquy generates starts `UNG HO` ("Ủng hộ", "to support"), normalised. */
const MARKER = 'UNGHO';

/**
 * A memo as one run of A–Z and 0–9: NFD, combining marks stripped, đ/Đ as D, upper case, every
 * other character (spaces, dots, dashes, slashes…) dropped. "Ủng hộ quỹ pt7 k2qx" → "UNGHOQUYPT7K2QX".
 */
export function normaliseMemo(memo: string): string {
  return memo
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/**
 * Text banks put around the donor's memo (bank-formats.md), which a code never straddles:
 * prefixes end a part where they end, suffixes start one where they start. Without these
 * boundaries a memo cut inside a code ("UNG HO PT7K2Q.CT tu …") would be completed by the
 * wrapper's first letter, which is the check character 1 time in 32.
 */
const WRAPPER_PREFIXES = [
  /^\s*MBVCB\.\d+\./i, // MBVCB.3278614421.<memo>… (Vietcombank app)
  /^\s*\d{6}\.\d{6}\.\d{6}\./, // 123456.090924.235531.<memo> (NAPAS)
  /^\s*CT nhanh 247 den\s*:/i, // CT nhanh 247 den: <memo> (VietinBank)
  /^\s*Chuyen tien den tu NAPAS Noi dung\s*:/i, // (VietinBank)
];
const WRAPPER_SUFFIXES = [
  /\.\s*CT tu \d/i, // <memo>.CT tu 0123456789 NGUYEN VAN A toi 1234567890 (Vietcombank app)
  /-\s*Ma GD\b/i, // <memo>- Ma GD ACSP/ gz333212 (MB)
  /;\s*thoi gian GD\s*:/i, // <memo>; thoi gian GD:09092024 23:55:31 (BIDV)
];

/** A memo's parts, normalised, split where bank wrappers begin or end. */
function memoParts(memo: string): string[] {
  let rest = memo.normalize('NFC');
  const parts: string[] = [];
  for (let again = true; again; ) {
    again = false;
    for (const prefix of WRAPPER_PREFIXES) {
      const found = prefix.exec(rest);
      if (found) {
        parts.push(found[0]);
        rest = rest.slice(found[0].length);
        again = true;
      }
    }
  }
  const tail: string[] = [];
  for (let again = true; again; ) {
    again = false;
    for (const suffix of WRAPPER_SUFFIXES) {
      const found = suffix.exec(rest);
      if (found && found.index > 0) {
        tail.unshift(rest.slice(found.index));
        rest = rest.slice(0, found.index);
        again = true;
      }
    }
  }
  return [...parts, rest, ...tail].map(normaliseMemo).filter((part) => part.length > 0);
}

/** Where the code soquy's memo carries would start: right after each `UNGHO`. */
function afterMarkers(text: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(MARKER); at >= 0; at = text.indexOf(MARKER, at + 1)) {
    starts.push(at + MARKER.length);
  }
  return starts;
}

/**
 * The pledge codes a memo may carry, in order of position, without duplicates:
 *  - every 7-character window of the normalised memo, made of alphabet characters, whose check
 *    character passes (anywhere: a donor may type "SOQUY PT7K2QX" or put their name first);
 *  - a legacy 6-character code only where it directly follows `UNGHO`, the memo soquy
 *    generated for it: a legacy code has no check, so anywhere else any 6 letters would do.
 * At one position a 7-character code comes before the legacy one. A window never straddles
 * the boundary of a known bank wrapper (`WRAPPER_PREFIXES`, `WRAPPER_SUFFIXES`).
 *
 * These are only candidates: the store keeps those that are codes of the fund's pledges, and two
 * different existing pledges make the memo ambiguous. A random 7-character window passes the
 * check 1 time in 32, so a memo of 60 alphabet characters gives 1 or 2 candidates that name no
 * pledge; with P pledges in the fund each has a chance of P / 32^6 (about 1 in 100,000 for
 * 10,000 pledges) to name one by accident. A memo cut inside a code and followed by text of a
 * wrapper not known here is completed by that text's first character 1 time in 32.
 */
export function referenceCandidates(memo: string): string[] {
  const found: string[] = [];
  for (const text of memoParts(memo)) {
    const here: { at: number; rank: number; code: string }[] = [];
    for (let at = 0; at + REFERENCE_LENGTH <= text.length; at++) {
      const window = text.slice(at, at + REFERENCE_LENGTH);
      if (hasValidCheck(window)) here.push({ at, rank: 0, code: window });
    }
    for (const at of afterMarkers(text)) {
      const legacy = text.slice(at, at + REFERENCE_BODY_LENGTH);
      if (isLegacyReference(legacy)) here.push({ at, rank: 1, code: legacy });
    }
    here.sort((a, b) => a.at - b.at || a.rank - b.rank);
    found.push(...here.map((f) => f.code));
  }
  return [...new Set(found)];
}

/**
 * Codes for a person reviewing a line ("did they mean…?"), never for matching it automatically.
 * After each `UNGHO`:
 *  - when the 7 characters that follow are alphabet characters whose check FAILS (a typo), every
 *    code one substitution away that passes it (one per position, 7 in all), and every adjacent
 *    transposition of them that passes it;
 *  - when a 6-character body follows and the memo ends there (or a bank wrapper starts there),
 *    or the 7th character cannot be part of a code (the bank cut the memo inside the code), the
 *    body completed with its check character.
 * Why these never auto-match: the memo does not name them. A failed check says the donor or the
 * bank changed the code, not how; each guess is one of 7 to 13 (a second typo, or 7 letters that
 * were never a code, "UNG HO MIENTRU…", point at a pledge just as well), and a completed body
 * carries no check at all (the check character was computed, not read), so it is no better than
 * a 6-character legacy code anywhere. Money booked to the wrong pledge shows on a stranger's
 * public receipt; a person compares amount and name first.
 * Only after the marker, to keep the look-ups few: a memo's other windows fail the check 31
 * times in 32 and would each add 7 guesses.
 */
export function nearReferences(memo: string): string[] {
  const near: string[] = [];
  for (const text of memoParts(memo)) nearAfterMarkers(text, near);
  return [...new Set(near)];
}

function nearAfterMarkers(text: string, near: string[]): void {
  for (const at of afterMarkers(text)) {
    const window = text.slice(at, at + REFERENCE_LENGTH);
    if (isReferenceText(window, REFERENCE_LENGTH)) {
      if (hasValidCheck(window)) continue;
      near.push(...oneSubstitutionAway(window));
      for (let i = 0; i + 1 < REFERENCE_LENGTH; i++) {
        const swapped = window.slice(0, i) + window[i + 1] + window[i] + window.slice(i + 2);
        if (hasValidCheck(swapped)) near.push(swapped);
      }
    } else {
      const body = text.slice(at, at + REFERENCE_BODY_LENGTH);
      if (isLegacyReference(body)) near.push(body + checkCharacter(body));
    }
  }
}

/**
 * Bank references written inside a memo that a channel may also give as its own reference, so
 * that two channels' copies of one transaction share one (bank-formats.md). Only patterns that
 * name one transaction: a NAPAS trace number (6 digits) or a date is not one.
 *  - `MBVCB.<digits>`: the Vietcombank app's wrapper,
 *    `MBVCB.3278614421.<memo>.CT tu 0123456789 NGUYEN VAN A toi 1234567890`; a gateway gives
 *    `MBVCB.3278907687` as the line's reference. Kept as written, `MBVCB.3278614421`.
 *  - `FT` + 14 digits (yy, day of year, then digits): the sender bank's transaction reference,
 *    `FT24248050867737`, which SePay gives as `referenceCode` (`FT26017021720692`).
 * Found case-insensitively, returned in upper case, in order, without duplicates; a match must
 * not be glued to letters or digits on either side ("SOFT2424…" is not one).
 */
export function memoBankRefs(memo: string): string[] {
  const refs: { at: number; ref: string }[] = [];
  for (const pattern of BANK_REF_PATTERNS) {
    for (const match of memo.matchAll(pattern)) {
      refs.push({ at: match.index, ref: match[0].toUpperCase() });
    }
  }
  refs.sort((a, b) => a.at - b.at);
  return [...new Set(refs.map((r) => r.ref))];
}

const BANK_REF_PATTERNS = [
  /(?<![A-Za-z0-9])MBVCB\.\d{6,}(?![0-9])/gi,
  /(?<![A-Za-z0-9])FT\d{14}(?![A-Za-z0-9])/gi,
];

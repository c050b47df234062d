/**
 * Which approved transfer disbursement a debit on the fund's account is. A debit matches on
 * three things, all needed:
 *  - the amount, equal to the đồng;
 *  - the date: the bank booked it from 3 days before the disbursement's `paidAt` to 10 days
 *    after, counted in Vietnam calendar days (a treasurer may record the payment the day it is
 *    ordered, before a weekend or a holiday, or days later from the receipt);
 *  - the payee: the payee's name, normalised as a memo is (no diacritics, upper case, no spaces),
 *    found in the line's normalised memo or counterpart name; or, since banks cut names, a cut
 *    of it that keeps at least its first word and half its letters, where that text ends. A
 *    leading form of address ("Bà", "Ông", "Anh"…) may be missing. Abbreviations ("CTY" for
 *    "Công ty") are not recognised: such a line waits for a person, with the disbursement
 *    among its candidates.
 * Exactly one disbursement meeting all three is a match. None or several: no match, and the
 * candidates for a person, best first: those meeting all three, then those meeting amount and
 * date only, each group nearest in time first.
 */
import { normaliseMemo } from './memo.ts';
import { vietnamDate } from './vietnam-time.ts';

/** Calendar days the bank may book a payment before its recorded `paidAt`. */
export const DISBURSEMENT_DAYS_BEFORE = 3;
/** Calendar days the bank may book a payment after its recorded `paidAt`. */
export const DISBURSEMENT_DAYS_AFTER = 10;

export interface DebitLine {
  /** Positive whole đồng. */
  amount: number;
  /** ISO 8601 instant. */
  bookedAt: string;
  memo: string;
  counterpartName?: string;
}

export interface DisbursementCandidate {
  id: string;
  /** Positive whole đồng. */
  amount: number;
  /** ISO 8601 instant. */
  paidAt: string;
  payeeName: string;
}

export interface DisbursementMatch {
  /** The one disbursement the line is, when exactly one fits amount, date and payee. */
  match?: string;
  /** Ids worth showing a person, best first (the match included). */
  candidates: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Vietnam calendar days from `paidAt` to `bookedAt` (negative when booked before). */
function daysBetween(paidAt: string, bookedAt: string): number {
  const paid = Date.parse(`${vietnamDate(paidAt)}T00:00:00Z`);
  const booked = Date.parse(`${vietnamDate(bookedAt)}T00:00:00Z`);
  return Math.round((booked - paid) / DAY_MS);
}

/** Whether a line booked at `bookedAt` may be a payment recorded as paid at `paidAt`. */
export function inDisbursementWindow(paidAt: string, bookedAt: string): boolean {
  if (Number.isNaN(Date.parse(paidAt)) || Number.isNaN(Date.parse(bookedAt))) return false;
  const days = daysBetween(paidAt, bookedAt);
  return days >= -DISBURSEMENT_DAYS_BEFORE && days <= DISBURSEMENT_DAYS_AFTER;
}

/** Forms of address a treasurer may write before a name ("Bà Nguyễn Thị B") that banks do not. */
const HONORIFICS = new Set(['ONG', 'BA', 'ANH', 'CHI', 'CO', 'CHU', 'BAC', 'EM', 'THAY']);

/** The payee's name as glued words, and without a leading form of address when it has one. */
function nameForms(payeeName: string): string[][] {
  const words = payeeName
    .split(/[^\p{L}\p{N}]+/u)
    .map(normaliseMemo)
    .filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const forms = [words];
  if (words.length >= 3 && HONORIFICS.has(words[0] as string)) forms.push(words.slice(1));
  return forms;
}

/**
 * Whether the payee's name is in one of the texts (memo, counterpart name): whole, as glued
 * words anywhere in the normalised text, or cut where the text ends, keeping at least the first
 * word and half the letters ("NGUYEN THI BICH NG" for Nguyễn Thị Bích Ngọc).
 */
export function payeeNamed(payeeName: string, texts: readonly (string | undefined)[]): boolean {
  const normalised = texts.filter((t): t is string => !!t).map(normaliseMemo);
  return nameForms(payeeName).some((words) => {
    const name = words.join('');
    const shortestCut = Math.max((words[0] as string).length, Math.ceil(name.length / 2));
    return normalised.some((text) => {
      if (text.includes(name)) return true;
      for (let cut = name.length - 1; cut >= shortestCut; cut--) {
        if (text.endsWith(name.slice(0, cut))) return true;
      }
      return false;
    });
  });
}

/** Matches a debit to an approved transfer disbursement (see the module comment). */
export function matchDisbursement(
  line: DebitLine,
  candidates: readonly DisbursementCandidate[],
): DisbursementMatch {
  const booked = Date.parse(line.bookedAt);
  const fitting = candidates
    .filter((c) => c.amount === line.amount && inDisbursementWindow(c.paidAt, line.bookedAt))
    .map((c) => ({
      id: c.id,
      named: payeeNamed(c.payeeName, [line.memo, line.counterpartName]),
      distance: Math.abs(booked - Date.parse(c.paidAt)),
    }))
    .sort((a, b) => Number(b.named) - Number(a.named) || a.distance - b.distance);
  const full = fitting.filter((c) => c.named);
  const ids = [...new Set(fitting.map((c) => c.id))];
  return full.length === 1
    ? { match: (full[0] as { id: string }).id, candidates: ids }
    : { candidates: ids };
}

import { vietnamDate } from '@soquy/ledger';
import type { Lang } from './i18n.ts';

/**
 * 484000000 → "484.000.000 ₫" (with a no-break space), the way Vietnamese write money. Written
 * out rather than with Intl.NumberFormat('vi-VN'), whose set-up costs every page function about
 * 20 ms at cold start; the output is the same (format.test.ts compares them).
 */
export function formatVnd(amount: number): string {
  const digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${digits}\u00a0₫`;
}

/** An instant as dd/mm/yyyy in Vietnam time. */
export function formatDate(instant: string): string {
  const [year, month, day] = vietnamDate(instant).split('-');
  return `${day}/${month}/${year}`;
}

/** Vietnam is UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * An instant as people in Vietnam read it, in Vietnam time (Asia/Ho_Chi_Minh) wherever the
 * server runs: "23/11/2026 14:05", or "23/11/2026" with `withTime: false`. English pages keep
 * the day-first order and add "(UTC+7)" so a reader abroad is not misled. Written out rather
 * than with Intl.DateTimeFormat for the same cold-start reason as formatVnd.
 */
export function formatVietnamTime(
  iso: string,
  lang: Lang,
  opts: { withTime?: boolean } = {},
): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const shifted = new Date(time + VIETNAM_OFFSET_MS).toISOString();
  const date = `${shifted.slice(8, 10)}/${shifted.slice(5, 7)}/${shifted.slice(0, 4)}`;
  if (opts.withTime === false) return date;
  const clock = `${date} ${shifted.slice(11, 16)}`;
  return lang === 'en' ? `${clock} (UTC+7)` : clock;
}

/**
 * Đồng as people type them: "1500000", "1.500.000" or "1 500 000", with an optional "đ", "₫"
 * or "VND". Anything else is refused rather than guessed: "1.000.000,5" or "1,5" has a
 * fractional part (VND has none), "1,500,000" reads as a decimal to a Vietnamese eye, and
 * "1.500 000" mixes separators. Refused → undefined, and the form says how to write it.
 */
export function parseVndInput(text: string): number | undefined {
  const bare = text
    .trim()
    .replace(/\s*(?:đ|₫|vnd|đồng)$/iu, '')
    .replace(/[\u00a0\u202f]/g, ' ');
  const grouped = /^\d{1,3}(?:\.\d{3})+$/.test(bare) || /^\d{1,3}(?: \d{3})+$/.test(bare);
  const digits = grouped ? bare.replace(/[. ]/g, '') : bare;
  return /^\d{1,14}$/.test(digits) ? Number(digits) : undefined;
}

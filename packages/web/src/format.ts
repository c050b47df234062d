import { VIETNAM_TIME_ZONE } from '@soquy/ledger';

const vnd = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });
const date = new Intl.DateTimeFormat('vi-VN', {
  timeZone: VIETNAM_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** 484000000 → "484.000.000 ₫" (with a no-break space), the way Vietnamese write money. */
export function formatVnd(amount: number): string {
  return vnd.format(amount);
}

/** An instant as dd/mm/yyyy in Vietnam time. */
export function formatDate(instant: string): string {
  return date.format(new Date(instant));
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

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

/** "500.000", "500 000", "500000 đ" → 500000; anything else → undefined. */
export function parseVndInput(text: string): number | undefined {
  const digits = text.replace(/[\s.,_]|đ|₫|vnd/gi, '');
  return /^\d{1,14}$/.test(digits) ? Number(digits) : undefined;
}

import { describe, expect, it } from 'vitest';
import { formatDate, formatVnd, parseVndInput } from './format.ts';

describe('formatVnd and formatDate', () => {
  it('write money and dates exactly as Intl does for vi-VN and Vietnam time', () => {
    const vnd = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });
    const date = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    for (const amount of [0, 5, 999, 1_000, 484_500_000, -27_200, 10_000_000_000_000]) {
      expect(formatVnd(amount), String(amount)).toBe(vnd.format(amount));
    }
    for (const instant of [
      '2026-11-20T16:59:59.999Z',
      '2026-11-20T17:00:00.000Z',
      '2000-01-01T00:00:00.000Z',
    ]) {
      expect(formatDate(instant), instant).toBe(date.format(new Date(instant)));
    }
  });
});

describe('parseVndInput', () => {
  it('reads đồng with dots or spaces between thousands, and a currency mark', () => {
    expect(parseVndInput('1500000')).toBe(1_500_000);
    expect(parseVndInput('1.500.000')).toBe(1_500_000);
    expect(parseVndInput('1 500 000')).toBe(1_500_000);
    expect(parseVndInput('1\u00a0500\u00a0000 ₫')).toBe(1_500_000);
    expect(parseVndInput(' 500.000đ ')).toBe(500_000);
    expect(parseVndInput('2.000 VND')).toBe(2_000);
  });

  it('refuses a fractional part, commas, mixed or misplaced separators rather than guess', () => {
    for (const typed of [
      '1.000.000,5',
      '1,5',
      '1,500,000',
      '1.500 000',
      '1.5',
      '15.00',
      '1..500',
      '.500',
      '-500',
      '5e6',
      '',
    ]) {
      expect(parseVndInput(typed), typed).toBeUndefined();
    }
  });
});

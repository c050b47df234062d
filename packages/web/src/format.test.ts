import { describe, expect, it } from 'vitest';
import { formatDate, formatVietnamTime, formatVnd, parseVndInput } from './format.ts';

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

describe('formatVietnamTime', () => {
  it('shows the time in Vietnam (UTC+7), not UTC, across the day boundary', () => {
    // 17:05 UTC is already the next day in Hà Nội.
    expect(formatVietnamTime('2026-11-22T17:05:00.000Z', 'vi')).toBe('23/11/2026 00:05');
    expect(formatVietnamTime('2026-11-23T07:05:00Z', 'vi')).toBe('23/11/2026 14:05');
    expect(formatVietnamTime('2026-11-23T07:05:00Z', 'en')).toBe('23/11/2026 14:05 (UTC+7)');
    expect(formatVietnamTime('2026-11-22T17:05:00.000Z', 'en', { withTime: false })).toBe(
      '23/11/2026',
    );
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (const instant of ['2026-12-31T16:59:00.000Z', '2026-12-31T17:00:00.000Z']) {
      expect(formatVietnamTime(instant, 'vi')).toBe(
        intl.format(new Date(instant)).replace(',', ''),
      );
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

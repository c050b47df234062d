import { describe, expect, it } from 'vitest';
import { parseVndInput } from './format.ts';

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

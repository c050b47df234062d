import { describe, expect, it } from 'vitest';
import { instant } from './fields.ts';

describe('instant', () => {
  it('takes any offset, as people write it, and keeps UTC with milliseconds', () => {
    // Act
    const written = [
      '2026-11-20T09:30:00+07:00',
      '2026-11-20T02:30:00Z',
      '2026-11-20T02:30:00.000+00:00',
      '2026-11-19T21:30:00-05:00',
      '2026-11-20T08:00:00+05:30',
    ].map((value) => instant.parse(value));
    // Assess
    expect(written).toEqual([
      '2026-11-20T02:30:00.000Z',
      '2026-11-20T02:30:00.000Z',
      '2026-11-20T02:30:00.000Z',
      '2026-11-20T02:30:00.000Z',
      '2026-11-20T02:30:00.000Z',
    ]);
  });

  it('refuses a date without a time zone or a time, which could be any of 24 hours', () => {
    for (const value of ['2026-11-20T09:30:00', '2026-11-20', '20/11/2026 09:30']) {
      expect(instant.safeParse(value).success, value).toBe(false);
    }
  });
});

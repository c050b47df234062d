import { describe, expect, it } from 'vitest';
import { InvalidPeriodError, monthsOf, type Period, parsePeriod } from './period.ts';

const context = {
  today: '2026-11-23',
  firstDay: '2026-01-01',
  otherwise: (): Period => ({ from: '2026-11-01', to: '2026-11-30', kind: 'month' }),
};

function problemOf(query: Parameters<typeof parsePeriod>[0]): string | undefined {
  try {
    parsePeriod(query, context);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidPeriodError) return error.problem;
    throw error;
  }
}

describe('parsePeriod', () => {
  it('reads days, months (leap Februaries too), years and the whole campaign', () => {
    // Act and assess
    expect(parsePeriod({ from: '2026-09-01', to: '2026-11-30' }, context)).toEqual({
      from: '2026-09-01',
      to: '2026-11-30',
      kind: 'days',
    });
    expect(parsePeriod({ month: '2028-02' }, { ...context, today: '2027-03-01' })).toMatchObject({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(parsePeriod({ month: '2026-02' }, context).to).toBe('2026-02-28');
    expect(parsePeriod({ year: '2025' }, context)).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
      kind: 'year',
    });
    expect(parsePeriod({ month: 'all' }, context)).toEqual({
      from: '2026-01-01',
      to: '2026-11-23',
      kind: 'all',
    });
    expect(parsePeriod({}, context).kind).toBe('month');
  });

  it('fills a missing end with the campaign’s first day or today', () => {
    // Act and assess
    expect(parsePeriod({ from: '2026-10-01' }, context)).toMatchObject({ to: '2026-11-23' });
    expect(parsePeriod({ to: '2026-03-31' }, context)).toMatchObject({ from: '2026-01-01' });
  });

  it('refuses what it cannot read instead of falling back to another period', () => {
    // Act and assess
    expect(problemOf({ from: '2026-11-30', to: '2026-11-01' })).toBe('from_after_to');
    expect(problemOf({ from: '2026-02-30' })).toBe('impossible_date');
    expect(problemOf({ from: '2027-02-29' })).toBe('impossible_date');
    expect(problemOf({ from: '2026-00-10' })).toBe('impossible_date');
    expect(problemOf({ from: '1999-12-31' })).toBe('out_of_range');
    expect(problemOf({ to: '2028-01-01' })).toBe('out_of_range');
    expect(problemOf({ year: '2028' })).toBe('out_of_range');
    expect(problemOf({ from: '2026-1-1' })).toBe('malformed');
    expect(problemOf({ from: '' })).toBe('malformed');
    expect(problemOf({ month: '2026-13' })).toBe('impossible_date');
    expect(problemOf({ month: 'tháng 11' })).toBe('malformed');
    expect(problemOf({ month: '2026-11', from: '2026-11-01' })).toBe('ambiguous');
    expect(problemOf({ month: '2026-11', year: '2026' })).toBe('ambiguous');
    expect(problemOf({ to: '2027-12-31' })).toBeUndefined();
  });
});

describe('monthsOf', () => {
  it('lists the months a period touches, across a year end', () => {
    // Act and assess
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { reminderDay } from './schedule.ts';

/** A pledge of 1,000,000 made on 1 December 2026 (Vietnam), due on the 10th. */
const pledge = (overrides: Record<string, unknown> = {}) => ({
  status: 'pledged' as const,
  amount: 1_000_000,
  paid: 0,
  cancelled: 0,
  dueDate: '2026-12-10',
  createdAt: '2026-12-01T02:00:00.000Z',
  ...overrides,
});
const weekly = { onDueDate: true, everyDays: 7 };

describe('reminderDay', () => {
  it('reminds on the due date, then every 7 days, never before the due date', () => {
    // Act
    const days = ['2026-12-09', '2026-12-10', '2026-12-11', '2026-12-17', '2026-12-24'].map(
      (today) => reminderDay(pledge(), weekly, today),
    );
    // Assess
    expect(days).toEqual([undefined, '2026-12-10', '2026-12-10', '2026-12-17', '2026-12-24']);
  });

  it('catches up a missed run for two days, not longer', () => {
    // Act
    const late = reminderDay(pledge(), weekly, '2026-12-12');
    const tooLate = reminderDay(pledge(), weekly, '2026-12-13');
    // Assess
    expect(late).toBe('2026-12-10');
    expect(tooLate).toBeUndefined();
  });

  it('skips the due date when the treasurer turned that off, and keeps the repeats', () => {
    // Act
    const settings = { onDueDate: false, everyDays: 7 };
    const onDue = reminderDay(pledge(), settings, '2026-12-10');
    const week = reminderDay(pledge(), settings, '2026-12-17');
    // Assess
    expect(onDue).toBeUndefined();
    expect(week).toBe('2026-12-17');
  });

  it('sends no repeats with everyDays 0', () => {
    // Act
    const repeat = reminderDay(pledge(), { onDueDate: true, everyDays: 0 }, '2026-12-17');
    // Assess
    expect(repeat).toBeUndefined();
  });

  it('reminds a pledge without a due date every N days after it was made', () => {
    // Act
    const noDue = pledge({ dueDate: undefined });
    const days = ['2026-12-04', '2026-12-08', '2026-12-15'].map((today) =>
      reminderDay(noDue, weekly, today),
    );
    // Assess
    expect(days).toEqual([undefined, '2026-12-08', '2026-12-15']);
  });

  it('never reminds a paid or cancelled pledge', () => {
    // Act
    const paid = reminderDay(pledge({ paid: 1_000_000, status: 'paid' }), weekly, '2026-12-10');
    const cancelled = reminderDay(
      pledge({ status: 'cancelled', cancelled: 1_000_000 }),
      weekly,
      '2026-12-10',
    );
    // Assess
    expect(paid).toBeUndefined();
    expect(cancelled).toBeUndefined();
  });
});

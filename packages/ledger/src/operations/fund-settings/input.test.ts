import { describe, expect, it } from 'vitest';
import { fundSettingsInput } from './input.ts';

const contact = {
  name: 'Chị Lò Thị Lan',
  phone: '0912 345 678',
  place: 'Nhà văn hóa bản Pú Trạng',
  hours: 'Thứ Bảy, 8:00 – 11:00',
};
const problems = (input: unknown) => {
  const result = fundSettingsInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('fundSettingsInput', () => {
  it('keeps a contact a donor can call, with the phone written as digits', () => {
    // Act
    const parsed = fundSettingsInput.parse({
      cashContact: { ...contact, phone: '+84 912.345.678' },
      reminders: { onDueDate: true, everyDays: 0 },
    });
    // Assess
    expect(parsed.cashContact?.phone).toBe('+84912345678');
    expect(parsed.reminders).toEqual({ onDueDate: true, everyDays: 0 });
  });

  it('refuses an empty phone, a 2000-character place and an empty name, each by name', () => {
    // Act
    const found = problems({
      cashContact: { ...contact, name: '  ', phone: '', place: 'x'.repeat(2000) },
    });
    // Assess
    expect(found).toEqual([
      'cashContact.name: is required',
      'cashContact.phone: is required: the phone number donors call',
      'cashContact.place: must be at most 300 characters',
    ]);
  });

  it('refuses reminders repeating more often than never or less than every 90 days', () => {
    // Assess
    expect(problems({ reminders: { onDueDate: true, everyDays: -1 } })).toHaveLength(1);
    expect(problems({ reminders: { onDueDate: true, everyDays: 91 } })).toHaveLength(1);
    expect(problems({ reminders: { onDueDate: true, everyDays: 2.5 } })).toHaveLength(1);
    expect(problems({ reminders: { onDueDate: 'yes', everyDays: 7 } })).toHaveLength(1);
    expect(problems({ extra: 1 })).toHaveLength(1);
  });
});

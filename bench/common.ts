import type { Fund } from '@soquy/ledger';

/** The median of measured values (the mean of the middle two for an even count). */
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** A fund for benchmarks: open through the bench months, with two spending categories. */
export function benchFund(id: string): Fund {
  return {
    id,
    name: `Quỹ camera an ninh ${id}`,
    description: 'Camera an ninh cho các tổ dân phố.',
    owner: 'Công an phường (bench)',
    currency: 'VND',
    goal: 5_000_000_000,
    bankAccount: { bin: '970436', accountNumber: '1234567890', accountName: 'QUY BENCH' },
    categories: [
      { id: 'cameras', name: 'Camera' },
      { id: 'install', name: 'Lắp đặt' },
    ],
    opensAt: '2026-01-01T00:00:00.000Z',
    closesAt: '2027-06-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'bench',
  };
}

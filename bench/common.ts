import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fund } from '@soquy/ledger';
import { type LocalStack, startLocalStack } from '@soquy/local';

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

/**
 * Runs `work` against a local stack (the API, the publisher) over DynamoDB Local, in a
 * throwaway data directory and tables named after the bench; stops and removes it after.
 */
export async function withBenchStack<T>(
  options: { name: string; dynamoEndpoint: string; demo?: boolean },
  work: (stack: LocalStack) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `soquy-bench-${options.name}-`));
  process.env.LOG_LEVEL = 'silent';
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({
      dynamoEndpoint: options.dynamoEndpoint,
      dataDir,
      demo: options.demo ?? false,
      port: 0,
      tables: { journal: `${options.name}-journal`, state: `${options.name}-state` },
    });
    return await work(stack);
  } finally {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

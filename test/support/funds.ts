import { readFileSync } from 'node:fs';
import type { Fund, FundInput } from '@soquy/ledger';

/** The POST /funds body of the Pú Trạng camera fund (test/fixtures/fund-pu-trang.json). */
export function puTrangInput(overrides: Partial<FundInput> = {}): FundInput {
  const input = JSON.parse(
    readFileSync(new URL('../fixtures/fund-pu-trang.json', import.meta.url), 'utf8'),
  ) as FundInput;
  return { ...input, ...overrides };
}

export function puTrangFund(overrides: Partial<FundInput> = {}): Fund {
  return {
    ...puTrangInput(overrides),
    createdAt: '2026-11-01T00:00:00.000Z',
    createdBy: 'admin',
  };
}

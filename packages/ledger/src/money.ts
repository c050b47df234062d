import { InvalidAmountError } from './errors.ts';

/**
 * Money is an integer count of the currency's minor unit. VND has none, so 1 = 1 đồng.
 * 10^13 đồng is far above any community fund and far below 2^53, so every sum of a
 * realistic journal stays a safe integer; `addMoney` checks that anyway.
 */
export const MAX_AMOUNT = 10_000_000_000_000;

export function isAmount(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_AMOUNT
  );
}

export function assertAmount(value: unknown, what = 'amount'): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidAmountError(`The ${what} must be a whole number of đồng.`, { value });
  }
  if (value <= 0) throw new InvalidAmountError(`The ${what} must be more than 0 đồng.`, { value });
  if (value > MAX_AMOUNT) {
    throw new InvalidAmountError(`The ${what} is larger than ${MAX_AMOUNT} đồng.`, { value });
  }
  return value;
}

export function addMoney(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(sum)) {
    throw new InvalidAmountError('Money arithmetic left the range of exact integers.', { a, b });
  }
  return sum;
}

export function sumMoney(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total = addMoney(total, v);
  return total;
}

/** −amount, but never −0: a negated empty balance is 0. */
export function negate(amount: number): number {
  return amount === 0 ? 0 : -amount;
}

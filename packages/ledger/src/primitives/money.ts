import { InvalidAmountError } from '../errors.ts';
import { MAX_AMOUNT } from './rules.ts';

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

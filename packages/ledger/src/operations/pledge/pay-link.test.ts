import { describe, expect, it } from 'vitest';
import { idsWithManageKey } from '../../ports/random-ids.ts';
import { linkToken } from '../../primitives/link-token.ts';
import { payToken, payTokenMatches } from './pay-link.ts';

const KEY = Buffer.alloc(32, 7);
const key = async () => KEY;
const PLEDGE = 'pl_minhphat0001';

describe('the pay link token', () => {
  it('opens the pay page of its own pledge only', async () => {
    // Prepare
    const token = await payToken(key, PLEDGE);
    // Act
    const own = await payTokenMatches(key, PLEDGE, token);
    const other = await payTokenMatches(key, 'pl_otherpledge01', token);
    // Assess
    expect(own).toBe(true);
    expect(other).toBe(false);
  });

  it('is neither the manage token nor the unsubscribe token made with the same key', async () => {
    // Prepare
    const manage = await idsWithManageKey(key).manageToken(PLEDGE);
    const unsubscribe = await linkToken(key, 'soquy-unsubscribe/1', PLEDGE);
    // Act
    const pay = await payToken(key, PLEDGE);
    // Assess: none stands in for another
    expect(pay).not.toBe(manage);
    expect(pay).not.toBe(unsubscribe);
    expect(await payTokenMatches(key, PLEDGE, manage)).toBe(false);
    expect(await payTokenMatches(key, PLEDGE, unsubscribe)).toBe(false);
  });
});

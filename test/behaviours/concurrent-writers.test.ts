import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { journalOf, openFund, type TestApi } from './helpers.ts';

/**
 * Behaviour 10: writers racing on one fund never take the same seq. Every accepted request gets
 * its own entry, the chain has no gap, no duplicate and no broken link, and the totals are the sum.
 */
const FUND = 'dong-thoi';
const WRITERS = 30;
const GENESIS = '0'.repeat(64);
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
});
afterAll(() => api.stop());

describe('concurrent payments on one fund', () => {
  it('give seqs 1..N with no gap or duplicate, a linked chain and exact totals', async () => {
    // Prepare: amounts all different, so each entry can be told apart
    const lan = await api.token(['treasurer'], 'lan', FUND);
    const amounts = Array.from({ length: WRITERS }, (_, i) => 100_000 + i * 1_000);
    // Act: all at once, each with its own idempotency key
    const responses = await Promise.all(
      amounts.map((amount, i) =>
        api.call('POST', `/funds/${FUND}/payments`, {
          token: lan,
          headers: { 'idempotency-key': randomUUID() },
          body: {
            donor: { name: `Hộ kinh doanh số ${i + 1}`, kind: 'household', showName: true },
            amount,
            method: i % 2 === 0 ? 'transfer' : 'cash',
            receivedAt: '2026-11-20T03:00:00Z',
          },
        }),
      ),
    );
    // Assess: every writer got its own entry, with its own seq
    expect(responses.map((r) => r.status)).toEqual(amounts.map(() => 201));
    const answered = responses.flatMap((r) => r.json.entries);
    expect(answered).toHaveLength(WRITERS);
    const answeredSeqs = answered.map((e: any) => e.seq);
    expect(new Set(answeredSeqs).size).toBe(WRITERS);
    expect([...answeredSeqs].sort((a, b) => a - b)).toEqual(
      Array.from({ length: WRITERS }, (_, i) => i + 1),
    );
    // Assess: the journal is seq 1..N, each linked to the one before
    const entries = await journalOf(api, FUND);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    entries.forEach((entry, i) => {
      expect(entry.prevHash, `seq ${entry.seq}`).toBe(i === 0 ? GENESIS : entries[i - 1].hash);
    });
    expect(new Set(entries.map((e) => e.hash)).size).toBe(WRITERS);
    // Assess: what each writer was told is what the journal holds
    for (const entry of answered) expect(entries[entry.seq - 1]).toEqual(entry);
    // Assess: each amount is in exactly once, and the totals are their sum
    expect(
      entries
        .map((e) => e.postings.find((p: any) => p.account.startsWith('assets:')).amount)
        .sort((a: number, b: number) => a - b),
    ).toEqual([...amounts].sort((a, b) => a - b));
    const sum = amounts.reduce((a, b) => a + b, 0);
    const head = (await api.call('GET', `/funds/${FUND}/head`)).json;
    expect(head.seq).toBe(WRITERS);
    expect(head.hash).toBe(entries.at(-1).hash);
    expect(head.totals).toMatchObject({ received: sum, balance: sum, pledged: 0, spent: 0 });
    const report = (await api.call('GET', `/funds/${FUND}/report`)).json;
    expect(report.incomeByDonorKind).toEqual([{ kind: 'household', amount: sum }]);
  });

  it('keep the hash of every entry as the ledger format defines it', async () => {
    // Act
    const entries = await journalOf(api, FUND);
    // Assess: SHA-256 of prevHash then the canonical JSON of the entry without its hash
    for (const entry of entries) {
      const { hash, ...rest } = entry;
      const recomputed = createHash('sha256')
        .update(entry.prevHash)
        .update(canonical(rest))
        .digest('hex');
      expect(recomputed, `seq ${entry.seq}`).toBe(hash);
    }
  });
});

/** RFC 8785 for what entries hold: objects with sorted keys, arrays, strings, integers. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ACCOUNTS,
  type AppendRequest,
  disbursementDraft,
  donationDraft,
  FundExistsError,
  FundNotFoundError,
  fingerprint,
  headTotals,
  IdempotencyConflictError,
  InsufficientFundsError,
  verifyJournal,
} from '@soquy/ledger';
import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../test/support/funds.ts';

const at = '2026-11-20T03:00:00.000Z';

function gift(
  key: string,
  amount: number,
  method: 'cash' | 'transfer' = 'transfer',
): AppendRequest {
  const request = { kind: 'donation', amount, method };
  return {
    idempotencyKey: key,
    requestHash: fingerprint(request),
    prepare: () => ({
      drafts: [
        donationDraft(
          { id: key, occurredAt: at, recordedAt: at, recordedBy: 'thuquy' },
          { donor: { id: `d-${key}`, displayName: 'Ẩn danh' }, amount, method },
        ),
      ],
    }),
  };
}

function spend(key: string, amount: number): AppendRequest {
  return {
    idempotencyKey: key,
    requestHash: fingerprint({ kind: 'spend', amount }),
    prepare: () => ({
      drafts: [
        disbursementDraft(
          { id: key, occurredAt: at, recordedAt: at, recordedBy: 'thuquy' },
          { disbursementId: key, category: 'cameras', amount, method: 'transfer' },
        ),
      ],
    }),
  };
}

describe('DynamoLedgerStore funds', () => {
  it('creates a fund with a genesis head and refuses the same id twice', async () => {
    // Prepare
    const { store } = await freshTables();
    // Act
    await store.createFund(puTrangFund());
    // Assess
    const state = await store.getFund('pu-trang');
    expect(state?.fund.name).toBe('Camera an ninh phường Pú Trạng');
    expect(state?.head).toMatchObject({ seq: 0, hash: '0'.repeat(64), balances: {} });
    await expect(store.createFund(puTrangFund({ name: 'other' }))).rejects.toBeInstanceOf(
      FundExistsError,
    );
    expect((await store.getFund('pu-trang'))?.fund.name).toBe('Camera an ninh phường Pú Trạng');
    expect((await store.listFunds()).map((s) => s.fund.id)).toEqual(['pu-trang']);
    expect(await store.getFund('nowhere')).toBeUndefined();
  });
});

describe('DynamoLedgerStore.append', () => {
  it('puts the entry and moves the head with running totals by account and month', async () => {
    // Prepare
    const { store } = await freshTables();
    await store.createFund(puTrangFund());
    // Act
    const first = await store.append('pu-trang', gift('g1', 9_500_000));
    const second = await store.append('pu-trang', spend('s1', 2_400_000));
    // Assess
    expect(first.entries[0]!.seq).toBe(1);
    expect(second.entries[0]!.prevHash).toBe(first.entries[0]!.hash);
    const state = await store.getFund('pu-trang');
    expect(state?.head.seq).toBe(2);
    expect(state?.head.hash).toBe(second.entries[0]!.hash);
    expect(state?.head.balances).toEqual({
      [ACCOUNTS.bank]: 7_100_000,
      [ACCOUNTS.donations]: -9_500_000,
      'expenses:cameras': 2_400_000,
    });
    expect(state?.head.months['2026-11']?.[ACCOUNTS.bank]).toBe(7_100_000);
    expect(headTotals(state!.head)).toMatchObject({
      received: 9_500_000,
      spent: 2_400_000,
      balance: 7_100_000,
    });
    const entries = await store.readEntries('pu-trang', { after: 0, limit: 10 });
    expect(entries).toEqual([first.entries[0]!, second.entries[0]!]);
  });

  it('returns the first result for a repeated key and request, and writes once', async () => {
    // Prepare
    const { store, scan, tables } = await freshTables();
    await store.createFund(puTrangFund());
    const first = await store.append('pu-trang', gift('same-key', 500_000));
    // Act
    const again = await store.append('pu-trang', gift('same-key', 500_000));
    // Assess
    expect(again.replayed).toBe(true);
    expect(again.entries[0]!).toEqual(first.entries[0]!);
    expect(await scan(tables.journal)).toHaveLength(1);
  });

  it('refuses a reused key with a different request and leaves both tables unchanged', async () => {
    // Prepare
    const { store, scan, tables } = await freshTables();
    await store.createFund(puTrangFund());
    await store.append('pu-trang', gift('k', 500_000));
    const before = [await scan(tables.journal), await scan(tables.state)];
    // Act / Assess
    await expect(store.append('pu-trang', gift('k', 600_000))).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
    expect([await scan(tables.journal), await scan(tables.state)]).toEqual(before);
  });

  it('refuses spending more than the bank holds and writes nothing', async () => {
    // Prepare
    const { store, scan, tables } = await freshTables();
    await store.createFund(puTrangFund());
    await store.append('pu-trang', gift('g', 1_000_000));
    const before = [await scan(tables.journal), await scan(tables.state)];
    // Act / Assess
    await expect(store.append('pu-trang', spend('s', 1_000_001))).rejects.toBeInstanceOf(
      InsufficientFundsError,
    );
    expect([await scan(tables.journal), await scan(tables.state)]).toEqual(before);
  });

  it('refuses an append to a fund that does not exist', async () => {
    const { store, scan, tables } = await freshTables();
    await expect(store.append('nowhere', gift('g', 1))).rejects.toBeInstanceOf(FundNotFoundError);
    expect(await scan(tables.journal)).toEqual([]);
  });

  it('ends 50 concurrent appends with seq 1..50, a valid chain and exact totals', async () => {
    // Prepare
    const { store } = await freshTables();
    await store.createFund(puTrangFund());
    const amounts = Array.from({ length: 50 }, (_, i) => 100_000 + i * 1_000);
    // Act
    const results = await Promise.all(
      amounts.map((a, i) => store.append('pu-trang', gift(`c${i}`, a))),
    );
    // Assess
    const entries = await store.readEntries('pu-trang', { after: 0, limit: 100 });
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.entries[0]?.seq)).size).toBe(50);
    const head = (await store.getFund('pu-trang'))!.head;
    const report = verifyJournal('pu-trang', entries, {
      seq: head.seq,
      hash: head.hash,
      totals: headTotals(head),
    });
    expect(report.ok).toBe(true);
    const expected = amounts.reduce((s, a) => s + a, 0);
    expect(expected).toBe(6_225_000);
    expect(headTotals(head).received).toBe(expected);
    expect(head.balances[ACCOUNTS.bank]).toBe(expected);
  });

  it('reads the journal in pages after a given seq', async () => {
    const { store } = await freshTables();
    await store.createFund(puTrangFund());
    for (let i = 0; i < 5; i++) await store.append('pu-trang', gift(`p${i}`, 10 + i, 'cash'));
    const page = await store.readEntries('pu-trang', { after: 2, limit: 2 });
    expect(page.map((e) => [e.seq, e.postings[0]?.amount])).toEqual([
      [3, 12],
      [4, 13],
    ]);
  });
});

describe("the store's own guards", () => {
  it('refuses money going out when the head lost it after the read, by its own condition', async () => {
    // Prepare: 5,000,000 in the bank; a spy that, once the append has read the head, takes
    // 4,000,000 off the head's bank balance behind the core's back (seq unchanged), as a writer
    // the core never saw would. Only the store's condition on the head can notice.
    const { client, store, tables, doc } = await freshTables();
    await store.createFund(puTrangFund());
    await store.append('pu-trang', gift('in', 5_000_000));
    let tampered = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'BatchGetItemCommand' && !tampered) {
          tampered = true;
          await doc.send(
            new UpdateCommand({
              TableName: tables.state,
              Key: { pk: 'FUND#pu-trang', sk: 'HEAD' },
              UpdateExpression: 'ADD #bank :less',
              ExpressionAttributeNames: { '#bank': 'b:assets:bank' },
              ExpressionAttributeValues: { ':less': -4_000_000 },
            }),
          );
        }
        return result;
      },
      { step: 'initialize', name: 'takeMoneyBehindTheCoresBack' },
    );
    // Act: spending of 3,000,000 fits what the core read (5,000,000), not what is there (1,000,000)
    const attempt = store.append('pu-trang', spend('out', 3_000_000));
    // Assess: the transaction was cancelled by the balance condition, the retry saw the real
    // balance, and nothing was spent
    await expect(attempt).rejects.toBeInstanceOf(InsufficientFundsError);
    expect(tampered).toBe(true);
    const state = await store.getFund('pu-trang');
    expect(state?.head.seq).toBe(1);
    expect(state?.head.balances['assets:bank']).toBe(1_000_000);
  });

  it('lets only one of two approvals that each fit alone land', async () => {
    // Prepare: 5,000,000 in the bank, two disbursements of 4,000,000
    const { store } = await freshTables();
    await store.createFund(puTrangFund());
    await store.append('pu-trang', gift('in', 5_000_000));
    // Act
    const results = await Promise.allSettled([
      store.append('pu-trang', spend('first', 4_000_000)),
      store.append('pu-trang', spend('second', 4_000_000)),
    ]);
    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(InsufficientFundsError);
    const state = await store.getFund('pu-trang');
    expect(state?.head.balances['assets:bank']).toBe(1_000_000);
    expect(state?.head.seq).toBe(2);
  });
});

import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Cosignature,
  fromBase64,
  LogIntegrityError,
  publishLog,
  rootOfFrontier,
  type SignedCheckpoint,
  toBase64,
  verifyJournal,
} from '@soquy/ledger';
import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../test/support/funds.ts';
import {
  appendGifts,
  referenceLeafHash,
  referenceRoot,
  testLogDeps,
} from '../../ledger/src/operations/log/test-support.ts';

const FUND = 'pu-trang';
const rootOf = (frontier: string[]) =>
  toBase64(rootOfFrontier(frontier.map((h) => fromBase64(h) as Uint8Array)));

describe('the head item keeps the Merkle frontier', () => {
  it('moves the frontier with every append so it folds to the root of all leaves', async () => {
    // Prepare
    const { store } = await freshTables();
    await store.createFund(puTrangFund());
    // Act: appends of 1, 6 and 30 entries
    const entries = [
      ...(await appendGifts(store, FUND, 1, { prefix: 'a' })),
      ...(await appendGifts(store, FUND, 6, { prefix: 'b' })),
      ...(await appendGifts(store, FUND, 30, { prefix: 'c' })),
    ];
    // Assess: 37 = 32 + 4 + 1 → three subtrees, folding to MTH over the 37 leaves
    const head = (await store.getFund(FUND))?.head;
    expect(head?.seq).toBe(37);
    expect(head?.frontier).toHaveLength(3);
    expect(rootOf(head?.frontier ?? [])).toBe(
      toBase64(referenceRoot(entries.map(referenceLeafHash))),
    );
    expect((await store.listFunds())[0]?.head.frontier).toEqual(head?.frontier);
  });

  it('back-fills once, from the journal, the frontier of a head written before the tree', async () => {
    // Prepare: a head item without `frontier`, as every fund had before
    const { store, doc, tables } = await freshTables();
    await store.createFund(puTrangFund());
    const early = await appendGifts(store, FUND, 11, { prefix: 'old' });
    const key = { pk: `FUND#${FUND}`, sk: 'HEAD' };
    await doc.send(
      new UpdateCommand({ TableName: tables.state, Key: key, UpdateExpression: 'REMOVE frontier' }),
    );
    // Act
    const state = await store.getFund(FUND);
    // Assess: folded from the journal and kept on the head item
    const expected = toBase64(referenceRoot(early.map(referenceLeafHash)));
    expect(rootOf(state?.head.frontier ?? [])).toBe(expected);
    const { Item } = await doc.send(new GetCommand({ TableName: tables.state, Key: key }));
    expect(Item?.frontier).toEqual(state?.head.frontier);
    // Appending goes on from it (and back-fills first when the head was read without it)
    await doc.send(
      new UpdateCommand({ TableName: tables.state, Key: key, UpdateExpression: 'REMOVE frontier' }),
    );
    const later = await appendGifts(store, FUND, 4, { prefix: 'new' });
    const head = (await store.getFund(FUND))?.head;
    expect(rootOf(head?.frontier ?? [])).toBe(
      toBase64(referenceRoot([...early, ...later].map(referenceLeafHash))),
    );
    const journal = await store.readEntries(FUND, { after: 0, limit: 100 });
    expect(verifyJournal(FUND, journal).ok).toBe(true);
  });
});

const checkpoint = (size: number, note = `note ${size}`): SignedCheckpoint => ({
  fundId: FUND,
  size,
  root: toBase64(new Uint8Array(32).fill(size % 256)),
  note,
  signedAt: '2026-11-20T03:00:00.000Z',
});

const cosignature = (witness: string, timestamp: number, size = 10): Cosignature => ({
  fundId: FUND,
  size,
  root: checkpoint(size).root,
  witness,
  label: witness,
  timestamp,
  line: `— ${witness} AAAA`,
  receivedAt: '2026-11-20T03:00:00.000Z',
});

describe('publishing a journal rewritten in DynamoDB', () => {
  it('refuses to sign when the journal was rewritten outside the write path', async () => {
    // Prepare: entry 7 edited in the Journal table itself, its chain hash left as it was
    const { store, doc, tables, scan } = await freshTables();
    await store.createFund(puTrangFund());
    const deps = testLogDeps(store);
    await appendGifts(store, FUND, 10);
    await doc.send(
      new UpdateCommand({
        TableName: tables.journal,
        Key: { fundId: FUND, seq: 7 },
        UpdateExpression: 'SET memo = :m',
        ExpressionAttributeValues: { ':m': 'sửa lén' },
      }),
    );
    const before = await scan(tables.state);
    // Act
    const attempt = publishLog(deps, FUND, { minIntervalMs: 0 });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(LogIntegrityError);
    await expect(attempt).rejects.toMatchObject({ code: 'log_integrity' });
    expect(deps.logFiles.writes).toEqual([]);
    expect(await scan(tables.state)).toEqual(before);
  });
});

describe('the log repository', () => {
  it('keeps every checkpoint once, by size, and finds the latest by size', async () => {
    // Prepare
    const { store } = await freshTables();
    // Act
    const saved = [];
    for (const size of [9, 10, 100, 2])
      saved.push(await store.log.saveCheckpoint(checkpoint(size)));
    const again = await store.log.saveCheckpoint(checkpoint(10, 'another note'));
    // Assess
    expect(saved).toEqual([true, true, true, true]);
    expect(again).toBe(false);
    expect((await store.log.getCheckpoint(FUND, 10))?.note).toBe('note 10');
    expect((await store.log.latestCheckpoint(FUND))?.size).toBe(100);
    expect((await store.log.listCheckpoints(FUND, 3)).map((c) => c.size)).toEqual([100, 10, 9]);
    expect(await store.log.getCheckpoint(FUND, 11)).toBeUndefined();
    expect(await store.log.latestCheckpoint('other')).toBeUndefined();
  });

  it('replaces a witness by name and a cosignature only by a newer one', async () => {
    // Prepare
    const { store } = await freshTables();
    const witness = {
      vkey: 'w+00000000+AA',
      name: 'w',
      label: 'Báo',
      addedAt: 'x',
      addedBy: 'admin',
    };
    // Act
    await store.log.saveWitness(witness);
    await store.log.saveWitness({ ...witness, label: 'Báo Nhân Dân' });
    await store.log.saveWitness({ ...witness, name: 'v', label: 'HĐND phường' });
    const first = await store.log.saveCosignatures([cosignature('w', 100)]);
    const older = await store.log.saveCosignatures([cosignature('w', 99, 12)]);
    const same = await store.log.saveCosignatures([cosignature('w', 100, 12)]);
    const newer = await store.log.saveCosignatures([cosignature('w', 101, 12)]);
    const other = await store.log.saveCosignatures([cosignature('v', 50)]);
    // Assess
    expect((await store.log.listWitnesses()).map((w) => [w.name, w.label])).toEqual([
      ['v', 'HĐND phường'],
      ['w', 'Báo Nhân Dân'],
    ]);
    expect([first, older, same, newer, other]).toEqual([true, false, false, true, true]);
    expect(
      (await store.log.listCosignatures(FUND)).map((c) => [c.witness, c.timestamp, c.size]),
    ).toEqual([
      ['v', 50, 10],
      ['w', 101, 12],
    ]);
  });

  it('keeps several cosignatures all or none, each only when newer', async () => {
    // Prepare: w co-signed at 100
    const { store, scan, tables } = await freshTables();
    await store.log.saveCosignatures([cosignature('w', 100)]);
    const before = await scan(tables.state);
    // Act: v is new but w's is stale (older, then the same)
    const older = await store.log.saveCosignatures([cosignature('v', 50), cosignature('w', 99)]);
    const same = await store.log.saveCosignatures([cosignature('v', 50), cosignature('w', 100)]);
    // Assess: refused, nothing written, v's not kept either
    expect([older, same]).toEqual([false, false]);
    expect(await scan(tables.state)).toEqual(before);
    // Act: both newer
    const both = await store.log.saveCosignatures([
      cosignature('v', 50, 12),
      cosignature('w', 101, 12),
    ]);
    const none = await store.log.saveCosignatures([]);
    // Assess
    expect([both, none]).toEqual([true, true]);
    expect(
      (await store.log.listCosignatures(FUND)).map((c) => [c.witness, c.timestamp, c.size]),
    ).toEqual([
      ['v', 50, 12],
      ['w', 101, 12],
    ]);
  });
});

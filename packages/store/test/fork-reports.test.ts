import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ForkReport } from '@soquy/ledger';
import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../test/support/dynamo.ts';

const report = (id: string, over: Partial<ForkReport> = {}): ForkReport => ({
  fundId: 'pu-trang',
  id,
  status: 'proven',
  kind: 'fork',
  finding: 'FORK: the log signed two different trees of size 3',
  witness: 'witness.test/bao-phuong',
  detectedAt: '2026-11-23T03:00:00.000Z',
  receivedAt: '2026-11-23T03:00:01.000Z',
  proof: { format: 'soquy-fork-proof/1', accepted: 'note' },
  ...over,
});

describe('fork reports in the State table', () => {
  it('keeps a report once by its id: a repeat writes nothing and the first one stays', async () => {
    // Prepare
    const { store, doc, tables } = await freshTables();
    // Act
    const first = await store.log.saveForkReport(report('a1'));
    const again = await store.log.saveForkReport(report('a1', { witness: 'someone else' }));
    const other = await store.log.saveForkReport(report('b2', { status: 'observed' }));
    await store.log.saveForkReport(report('c3', { fundId: 'other-fund' }));
    // Assess
    expect([first, again, other]).toEqual([true, false, true]);
    expect((await store.log.getForkReport('pu-trang', 'a1'))?.witness).toBe(
      'witness.test/bao-phuong',
    );
    expect(await store.log.getForkReport('pu-trang', 'zz')).toBeUndefined();
    const listed = await store.log.listForkReports('pu-trang');
    expect(listed.map((r) => [r.id, r.status]).sort()).toEqual([
      ['a1', 'proven'],
      ['b2', 'observed'],
    ]);
    const items = await doc.send(
      new QueryCommand({
        TableName: tables.state,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': 'FUND#pu-trang', ':p': 'FORKREPORT#' },
      }),
    );
    expect(items.Items).toHaveLength(2);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { runCli } from '../support/run.ts';

const VERIFY = 'packages/local/src/cli/verify.ts';
let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  api = await startTestApi({ demo: true });
});
afterAll(() => api.stop());

describe('npm run verify', () => {
  it('passes an untouched fund fetched through the API', async () => {
    const run = await runCli(VERIFY, ['--fund', 'pu-trang', '--url', api.stack.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OK: fund pu-trang, 12 entries/);
    expect(run.stdout).toMatch(/received 9500000, spent 9500000, balance 0/);
  });

  it('reads an export file and fails when the file was edited, naming the seq', async () => {
    // Prepare: what the API publishes, saved as a file
    const head = await api.call('GET', '/funds/trung-tam/head');
    const ledger = await api.call('GET', '/funds/trung-tam/ledger?limit=1000');
    const exported = { fundId: 'trung-tam', head: head.json, entries: ledger.json.entries };
    const good = join(api.dataDir, 'good.json');
    writeFileSync(good, JSON.stringify(exported));
    exported.entries[6].donor.displayName = 'Tổ dân phố 99';
    const bad = join(api.dataDir, 'bad.json');
    writeFileSync(bad, JSON.stringify(exported));
    // Act
    const [ok, failed] = await Promise.all([
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', good]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', bad]),
    ]);
    // Assess
    expect(ok.code).toBe(0);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/first bad seq 7 \(hash\)/);
  });

  it('catches an amount edited in DynamoDB behind the API at that seq', async () => {
    // Prepare: a raw UpdateItem with an admin client, as a dishonest operator could
    await api.doc.send(
      new UpdateCommand({
        TableName: api.stack.tables.journal,
        Key: { fundId: 'duc-pho', seq: 5 },
        UpdateExpression: 'SET postings[0].amount = :more, postings[1].amount = :less',
        ExpressionAttributeValues: { ':more': 1_000_000, ':less': -1_000_000 },
      }),
    );
    // Act
    const run = await runCli(VERIFY, ['--fund', 'duc-pho', '--url', api.stack.url]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/first bad seq 5 \(hash\)/);
    expect(run.stderr).toMatch(/4 entries before it are intact/);
  });

  it('exits 2 with the usage when --fund is missing', async () => {
    const run = await runCli(VERIFY, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/usage: npm run verify -- --fund/);
  });
});

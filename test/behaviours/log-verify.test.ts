import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { advanceHead, type Entry, genesisHead, headTotals } from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { waitForCheckpoint } from '../support/log.ts';
import { runCli } from '../support/run.ts';
import { gift, openFund, type TestApi } from './helpers.ts';

/**
 * What `npm run verify` makes of the transparency log's artefacts, as published by the local
 * stack: a JSON export that carries its signed checkpoint, and a donor's receipt with its proof.
 */
const VERIFY = 'packages/local/src/cli/verify.ts';
const FUND = 'kiem-chung';
let api: TestApi;

const save = (name: string, value: unknown) => {
  const file = join(api.dataDir, `${name}-${randomUUID().slice(0, 8)}.json`);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
  const treasurer = await api.token(['treasurer'], 'lan', FUND);
  for (const amount of [150_000, 250_000, 350_000, 450_000, 550_000]) {
    await gift(api, FUND, treasurer, {
      donor: { name: 'Hộ ông Tư', kind: 'household', showName: true },
      amount,
      receivedAt: new Date().toISOString(),
      method: 'cash',
    });
  }
  await waitForCheckpoint(api.stack.url, FUND, 5);
});
afterAll(() => api.stop());

describe('a published JSON export with its checkpoint', () => {
  it('verifies whole, and is refused (checkpoint) when cut short with its head recomputed', async () => {
    // Prepare: the export as a reader downloads it
    const { parts } = await api.exportOf(FUND, 'json');
    expect(parts).toHaveLength(1);
    const exported = JSON.parse(parts[0]?.text as string);
    expect(exported.format).toBe('soquy-journal/2');
    expect(exported.checkpoint.logKey).toBe(api.stack.logKey);
    const whole = save('whole', exported);
    // Prepare: the last two entries dropped and the head re-made to match, as a forger would
    const kept = (exported.entries as Entry[]).slice(0, -2);
    const head = kept.reduce((h, e) => advanceHead(h, e), genesisHead(FUND));
    const cut = save('cut', {
      ...exported,
      head: { seq: head.seq, hash: head.hash, totals: headTotals(head) },
      entries: kept,
    });
    const asFormat1 = save('cut-v1', {
      format: 'soquy-journal/1',
      fundId: FUND,
      head: { seq: head.seq, hash: head.hash, totals: headTotals(head) },
      entries: kept,
    });
    // Act
    const [ok, pinned, refused, old] = await Promise.all([
      runCli(VERIFY, ['--fund', FUND, '--file', whole]),
      runCli(VERIFY, ['--fund', FUND, '--file', whole, '--key', api.stack.logKey]),
      runCli(VERIFY, ['--fund', FUND, '--file', cut]),
      runCli(VERIFY, ['--fund', FUND, '--file', asFormat1]),
    ]);
    // Assess
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      `signed checkpoint of the published head matches: size ${exported.head.seq}`,
    );
    expect(ok.stdout).toContain(
      `checkpoints checked with the key the export names: ${api.stack.logKey}`,
    );
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain(`checkpoints signed by the log key ${api.stack.logKey}`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`first bad seq ${head.seq} (checkpoint)`);
    expect(refused.stderr).toMatch(/were cut off/);
    // The old format has no such protection, and says so
    expect(old.code).toBe(0);
    expect(old.stdout).toMatch(/not protected by a signed checkpoint/);
  });

  it('refuses the cut export downgraded to soquy-journal/1 (no checkpoint) when a key is pinned or a server named', async () => {
    // Prepare: cut short, head recomputed, format set to /1 and the checkpoint dropped
    const { parts } = await api.exportOf(FUND, 'json');
    const exported = JSON.parse(parts[0]?.text as string);
    const kept = (exported.entries as Entry[]).slice(0, -2);
    const head = kept.reduce((h, e) => advanceHead(h, e), genesisHead(FUND));
    const { checkpoint: _dropped, ...unsigned } = exported;
    const downgraded = save('downgraded', {
      ...unsigned,
      format: 'soquy-journal/1',
      head: { seq: head.seq, hash: head.hash, totals: headTotals(head) },
      entries: kept,
    });
    // Act
    const [withKey, withUrl, alone] = await Promise.all([
      runCli(VERIFY, ['--fund', FUND, '--file', downgraded, '--key', api.stack.logKey]),
      runCli(VERIFY, ['--fund', FUND, '--file', downgraded, '--url', api.stack.url]),
      runCli(VERIFY, ['--fund', FUND, '--file', downgraded]),
    ]);
    // Assess
    for (const run of [withKey, withUrl]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`first bad seq ${head.seq} (checkpoint)`);
      expect(run.stderr).toContain("the export's end is not protected by a signed checkpoint");
      expect(run.stderr).toMatch(/Older exports can be checked without --key/);
    }
    // Without a key it is an old export: checked, with the note
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/not protected by a signed checkpoint/);
  });

  it('is refused when pinned to another key than the one that signed it', async () => {
    const { parts } = await api.exportOf(FUND, 'json');
    const file = save('export', parts[0]?.text as string);
    const other = 'soquy.test+8f9a911c+AV9rOLH9cka8rHBrylZJHx5tlpI0myv9wPLQueohpsbR';
    const run = await runCli(VERIFY, ['--fund', FUND, '--file', file, '--key', other]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\(checkpoint\)/);
  });
});

describe('npm run verify -- --receipt', () => {
  it('accepts a receipt the API served (exit 0), and refuses one tampered with (exit 1)', async () => {
    // Prepare
    const answer = await api.call('GET', `/funds/${FUND}/receipts/2`);
    expect(answer.status).toBe(200);
    const receipt = answer.json;
    const good = save('receipt', receipt);
    const moreMoney = structuredClone(receipt);
    moreMoney.entry.postings[0].amount += 1_000_000;
    moreMoney.entry.postings[1].amount -= 1_000_000;
    const bad = save('receipt-more', moreMoney);
    const otherProof = save('receipt-proof', { ...receipt, proof: [...receipt.proof].reverse() });
    // Act
    const [ok, pinned, tampered, swapped, missing] = await Promise.all([
      runCli(VERIFY, ['--receipt', good]),
      runCli(VERIFY, ['--receipt', good, '--url', api.stack.url]),
      runCli(VERIFY, ['--receipt', bad]),
      runCli(VERIFY, ['--receipt', otherProof]),
      runCli(VERIFY, ['--receipt', join(api.dataDir, 'no-such-receipt.json')]),
    ]);
    // Assess
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('✓ Bằng chứng Merkle dẫn từ bút toán đến gốc cây đã ký');
    expect(ok.stdout).toContain('The Merkle proof leads from the entry to the signed root');
    expect(ok.stdout).toContain(`VALID: entry seq 2 of fund ${FUND} (hash ${receipt.entry.hash})`);
    expect(ok.stdout).toContain('compare it with the one the fund publishes');
    // Without a key nothing was compared: the key check is not a pass
    expect(ok.stdout).toContain('? Khoá chưa được đối chiếu');
    expect(ok.stdout).toContain('Key not pinned: compare it with the published one');
    expect(ok.stdout).not.toContain('The log key is the one you trust');
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).not.toContain('compare it with the one the fund publishes');
    expect(pinned.stdout).toContain('✓ Khóa công khai của sổ là khóa bạn tin cậy');
    expect(pinned.stdout).toContain('The log key is the one you trust');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('✗ Bút toán hợp lệ và mã băm của nó khớp với nội dung');
    expect(tampered.stderr).toContain('INVALID');
    expect(receipt.proof.length).toBeGreaterThan(1);
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toContain('✗ Bằng chứng Merkle dẫn từ bút toán đến gốc cây đã ký');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Could not read the receipt/);
  });
});

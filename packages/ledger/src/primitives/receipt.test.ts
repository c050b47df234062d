import { describe, expect, it } from 'vitest';
import { fixedSigner } from '../../../../test/fixtures/log/keys.ts';
import { donationDraft } from './drafts.ts';
import type { Entry } from './entry.ts';
import { headTotals } from './head.ts';
import { entryLeafHash, inclusionProof, memoryReader, rootOf, toBase64 } from './merkle.ts';
import { verifyReceipt } from './receipt.ts';
import { checkpointText, logOrigin, signNote, totalsLine } from './signed-note.ts';
import { base, chain } from './test-fixtures.ts';
import { totalsFromBalances } from './totals.ts';

const FUND = 'pu-trang';
const signer = fixedSigner();
const otherSigner = fixedSigner('another log key', 'soquy.test');

function journal(n: number) {
  return chain(
    FUND,
    Array.from({ length: n }, (_, i) =>
      donationDraft(base(`g${i + 1}`), {
        donor: { id: `d${i}`, displayName: 'Hộ ông Ba', kind: 'household' },
        amount: 1_000 * (i + 1),
        method: 'cash',
      }),
    ),
  );
}

/** A receipt for `seq` in the tree of all `entries`, built and signed as the log would. */
async function receiptOf(
  entries: Entry[],
  seq: number,
  by = signer,
  origin = logOrigin('soquy.test', FUND),
) {
  const leaves = entries.map(entryLeafHash);
  const text = checkpointText({
    origin,
    size: entries.length,
    root: rootOf(leaves),
    extensions: [totalsLine(headTotals(chain(FUND, []).head))],
  });
  const proof = await inclusionProof(seq - 1, entries.length, memoryReader(leaves));
  return {
    format: 'soquy-receipt/1',
    fundId: FUND,
    seq,
    entry: structuredClone(entries[seq - 1] as Entry),
    leafIndex: seq - 1,
    treeSize: entries.length,
    proof: proof.map(toBase64),
    checkpoint: await signNote(text, by),
    logKey: by.vkey,
  };
}

const failedCheck = (verdict: ReturnType<typeof verifyReceipt>) =>
  verdict.checks.find((c) => c.status === 'failed')?.name;

describe('verifyReceipt', () => {
  it('accepts a receipt for every seq of a 7-entry log, naming what it checked', async () => {
    const { entries } = journal(7);
    for (let seq = 1; seq <= 7; seq++) {
      const verdict = verifyReceipt(await receiptOf(entries, seq), { logKey: signer.vkey });
      expect(verdict.ok, `seq ${seq}`).toBe(true);
      expect(verdict.checks.map((c) => c.name)).toEqual([
        'shape',
        'entry',
        'leaf',
        'log_key',
        'signature',
        'checkpoint',
        'origin',
        'inclusion',
      ]);
      expect(verdict.checks.every((c) => c.status === 'passed')).toBe(true);
      expect(verdict).toMatchObject({ fundId: FUND, seq, treeSize: 7, keyPinned: true });
      expect(verdict.entryHash).toBe(entries[seq - 1]?.hash);
      expect(verdict.root).toBe(toBase64(rootOf(entries.map(entryLeafHash))));
    }
  });

  it('with no key pinned, checks with the key the receipt names but does not call that key trusted', async () => {
    // Prepare
    const { entries } = journal(3);
    // Act
    const verdict = verifyReceipt(await receiptOf(entries, 2));
    // Assess: nothing failed, but the key check is not a pass: nothing was compared
    expect(verdict.ok).toBe(true);
    expect(verdict.logKey).toBe(signer.vkey);
    expect(verdict.keyPinned).toBe(false);
    expect(verdict.totals).toEqual(totalsFromBalances({}));
    const keyCheck = verdict.checks.find((c) => c.name === 'log_key');
    expect(keyCheck?.status).toBe('unpinned');
    expect(keyCheck?.what.en).toBe('Key not pinned: compare it with the published one');
    expect(keyCheck?.what.vi).toMatch(/^Khoá chưa được đối chiếu/);
    expect(verdict.checks.filter((c) => c.status !== 'passed').map((c) => c.name)).toEqual([
      'log_key',
    ]);
  });

  it('refuses an entry edited on the receipt (entry), and one re-made with a valid hash (inclusion)', async () => {
    // Prepare: seq 3 edited in place; and seq 3 of another journal with another amount, sealed
    const { entries } = journal(5);
    const edited = await receiptOf(entries, 3);
    edited.entry.memo = 'sửa lại';
    const forged = await receiptOf(entries, 3);
    forged.entry = chain(
      FUND,
      [1_000, 2_000, 999_000].map((amount, i) =>
        donationDraft(base(`g${i + 1}`), {
          donor: { id: `d${i}`, displayName: 'Hộ ông Ba', kind: 'household' },
          amount,
          method: 'cash',
        }),
      ),
    ).entries[2] as Entry;
    // Act
    const [v1, v2] = [verifyReceipt(edited), verifyReceipt(forged)];
    // Assess
    expect(v1.ok).toBe(false);
    expect(failedCheck(v1)).toBe('entry');
    expect(v1.checks.at(-1)?.problem?.en).toMatch(/it was changed/);
    expect(v2.ok).toBe(false);
    expect(failedCheck(v2)).toBe('inclusion');
    expect(v2.checks.at(-1)?.problem?.vi).toMatch(/Bằng chứng không dẫn/);
  });

  it('refuses a receipt signed by another key than the one pinned, even if it names that key', async () => {
    const { entries } = journal(4);
    const receipt = await receiptOf(entries, 1, otherSigner);
    const verdict = verifyReceipt(receipt, { logKey: signer.vkey });
    expect(verdict.ok).toBe(false);
    expect(failedCheck(verdict)).toBe('log_key');
    // A receipt naming the right key but signed by another fails on the signature.
    const swapped = { ...receipt, logKey: signer.vkey };
    const second = verifyReceipt(swapped, { logKey: signer.vkey });
    expect(failedCheck(second)).toBe('signature');
  });

  it('refuses a wrong leaf index, a proof hash changed, another tree size, another fund, a bad shape', async () => {
    const { entries } = journal(6);
    const good = await receiptOf(entries, 4);
    const flipped = [...(good.proof[0] as string)];
    flipped[0] = flipped[0] === 'A' ? 'B' : 'A';
    const cases: [unknown, string][] = [
      [{ ...good, leafIndex: 4 }, 'leaf'],
      [{ ...good, proof: [flipped.join(''), ...good.proof.slice(1)] }, 'inclusion'],
      [{ ...good, proof: good.proof.slice(1) }, 'inclusion'],
      [{ ...good, treeSize: 5 }, 'checkpoint'],
      [await receiptOf(entries, 4, signer, 'soquy.test/funds/duc-pho'), 'origin'],
      [{ ...good, format: 'soquy-receipt/2' }, 'shape'],
      [{ ...good, extra: 1 }, 'shape'],
      [{ ...good, proof: ['not base64'] }, 'shape'],
      [{ ...good, checkpoint: good.checkpoint.replace('\n\n', '\n') }, 'signature'],
      [[], 'shape'],
    ];
    for (const [receipt, check] of cases) {
      const verdict = verifyReceipt(receipt, { logKey: signer.vkey });
      expect(verdict.ok, check).toBe(false);
      expect(failedCheck(verdict), check).toBe(check);
    }
  });
});

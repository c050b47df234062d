import {
  checkpointText,
  consistencyProof,
  leafHash,
  memoryReader,
  rootOf,
  signNote,
  toBase64,
} from '@soquy/ledger';
import { describe, expect, it } from 'vitest';
import { fixedSigner } from '../../../../test/fixtures/log/keys.ts';
import { checkForkProof, FORK_PROOF_FORMAT } from './fork-proof.ts';

const signer = fixedSigner();
const stranger = fixedSigner('not the log', 'soquy.test');
const leaves = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag}${i}`)));
const note = (hashes: Uint8Array[], by = signer) =>
  signNote(
    checkpointText({
      origin: 'soquy.test/funds/pu-trang',
      size: hashes.length,
      root: rootOf(hashes),
      extensions: [],
    }),
    by,
  );
const proofOf = async (
  accepted: Uint8Array[],
  served: Uint8Array[],
  consistency?: unknown,
  by = signer,
) => ({
  format: FORK_PROOF_FORMAT,
  kind: 'fork',
  fundId: 'pu-trang',
  logKey: signer.vkey,
  accepted: await note(accepted),
  served: await note(served, by),
  ...(consistency ? { consistency } : {}),
  explanation: '',
  detectedAt: '2026-11-25T03:00:00.000Z',
  witness: 'w',
  url: 'http://x',
});

describe('checkForkProof', () => {
  const honest = leaves('a', 7);
  const rewritten = [...honest.slice(0, 2), ...leaves('b', 5)];

  it('holds for two trees of one size, and for a smaller size after a bigger', async () => {
    const fork = checkForkProof(await proofOf(honest.slice(0, 5), rewritten.slice(0, 5)));
    expect(fork).toMatchObject({ proven: true, kind: 'fork' });
    const rollback = checkForkProof(await proofOf(honest.slice(0, 5), honest.slice(0, 3)));
    expect(rollback).toMatchObject({ proven: true, kind: 'rollback' });
  });

  it('holds for a bigger size whose served consistency proof fails, not for one that passes', async () => {
    const reader = memoryReader(rewritten);
    const served = (await consistencyProof(4, 7, reader)).map(toBase64);
    const forked = await proofOf(honest.slice(0, 4), rewritten, { from: 4, to: 7, proof: served });
    expect(checkForkProof(forked)).toMatchObject({ proven: true, kind: 'fork' });
    const good = (await consistencyProof(4, 7, memoryReader(honest))).map(toBase64);
    const extension = await proofOf(honest.slice(0, 4), honest, { from: 4, to: 7, proof: good });
    expect(checkForkProof(extension)).toMatchObject({ proven: false });
    expect(checkForkProof(extension).problem).toMatch(/extends size 4: no fork/);
  });

  it('does not hold with a note the log key did not sign, or for another pinned key', async () => {
    const forged = await proofOf(honest.slice(0, 5), rewritten.slice(0, 5), undefined, stranger);
    expect(checkForkProof(forged)).toMatchObject({ proven: false });
    expect(checkForkProof(forged).problem).toMatch(/served checkpoint/);
    const real = await proofOf(honest.slice(0, 5), rewritten.slice(0, 5));
    expect(checkForkProof(real, { logKey: stranger.vkey })).toMatchObject({ proven: false });
    expect(checkForkProof(real, { logKey: signer.vkey })).toMatchObject({ proven: true });
    expect(checkForkProof({ format: 'other' })).toMatchObject({ proven: false });
  });
});

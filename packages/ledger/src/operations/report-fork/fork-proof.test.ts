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
import { fixedSigner } from '../../../../../test/fixtures/log/keys.ts';
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

  it('is proven by two notes of one size with different roots, as served or as the log answered', async () => {
    // Prepare / Act / Assess: the served note itself
    const fork = checkForkProof(await proofOf(honest.slice(0, 5), rewritten.slice(0, 5)));
    expect(fork).toMatchObject({ proven: true, kind: 'fork' });
    // … or the log's signed checkpoint of the accepted size, from its consistency answer
    const grown = await proofOf(honest.slice(0, 4), rewritten);
    const conflicting = { ...grown, conflicting: await note(rewritten.slice(0, 4)) };
    expect(checkForkProof(conflicting)).toMatchObject({ proven: true, kind: 'fork' });
    const inAnswer = {
      ...grown,
      consistency: { from: 4, to: 7, proof: [], fromCheckpoint: await note(rewritten.slice(0, 4)) },
    };
    expect(checkForkProof(inAnswer)).toMatchObject({ proven: true, kind: 'fork' });
  });

  it('is not proven by two honest checkpoints, the smaller served after the bigger (a rollback)', async () => {
    // Prepare: sizes 7 then 3 of one honest log, as an export chunk's end is signed
    const rollback = await proofOf(honest, honest.slice(0, 3));
    // Act
    const verdict = checkForkProof(rollback, { logKey: signer.vkey });
    // Assess
    expect(verdict).toMatchObject({ proven: false, observed: true });
    expect(verdict.problem).toMatch(/not provable from signatures alone/);
  });

  it('is not proven by a consistency proof that fails, which anyone could have written', async () => {
    // Prepare: a made-up proof, and the served proof of a rewritten log, both unsigned
    const madeUp = await proofOf(honest.slice(0, 3), honest, {
      from: 3,
      to: 7,
      proof: [toBase64(new Uint8Array(32))],
    });
    const served = (await consistencyProof(4, 7, memoryReader(rewritten))).map(toBase64);
    const forked = await proofOf(honest.slice(0, 4), rewritten, { from: 4, to: 7, proof: served });
    const good = (await consistencyProof(4, 7, memoryReader(honest))).map(toBase64);
    const extension = await proofOf(honest.slice(0, 4), honest, { from: 4, to: 7, proof: good });
    // Act / Assess
    expect(checkForkProof(madeUp)).toMatchObject({ proven: false, observed: true });
    expect(checkForkProof(forked)).toMatchObject({ proven: false, observed: true });
    expect(checkForkProof(extension)).toMatchObject({ proven: false });
    expect(checkForkProof(extension).problem).toMatch(/extends size 4: no fork/);
  });

  it('is not proven with a note the log key did not sign, or for another pinned key', async () => {
    const forged = await proofOf(honest.slice(0, 5), rewritten.slice(0, 5), undefined, stranger);
    expect(checkForkProof(forged)).toMatchObject({ proven: false });
    expect(checkForkProof(forged).problem).toMatch(/served checkpoint/);
    const real = await proofOf(honest.slice(0, 5), rewritten.slice(0, 5));
    expect(checkForkProof(real, { logKey: stranger.vkey })).toMatchObject({ proven: false });
    expect(checkForkProof(real, { logKey: signer.vkey })).toMatchObject({ proven: true });
    // A conflicting note in the answer signed by another key proves nothing.
    const answered = {
      ...(await proofOf(honest.slice(0, 4), rewritten)),
      consistency: {
        from: 4,
        to: 7,
        proof: [],
        fromCheckpoint: await note(rewritten.slice(0, 4), stranger),
      },
    };
    expect(checkForkProof(answered)).toMatchObject({ proven: false });
    expect(checkForkProof({ format: 'other' })).toMatchObject({ proven: false });
  });
});

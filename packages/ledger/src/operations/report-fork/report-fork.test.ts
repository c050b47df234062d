import { describe, expect, it } from 'vitest';
import { fixedSigner } from '../../../../../test/fixtures/log/keys.ts';
import { freshTables } from '../../../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../../../test/support/funds.ts';
import { leafHash, rootOf } from '../../primitives/merkle.ts';
import { checkpointText, signNote } from '../../primitives/signed-note.ts';
import { FORK_PROOF_FORMAT } from './fork-proof.ts';
import { forkProofInput } from './input.ts';
import { listForkReports, reportFork } from './report-fork.ts';

const FUND = 'pu-trang';
const NOW = new Date('2026-11-23T03:00:00.000Z');
const leaves = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag}${i}`)));

/** A fund and its log's key; notes of any tree signed by that key (or another). */
async function reportWorld() {
  const world = await freshTables();
  await world.store.createFund(puTrangFund());
  const signer = fixedSigner();
  const deps = { store: world.store, clock: () => NOW, signer };
  const logKey = signer.vkey;
  const note = (tag: string, n: number, signer = deps.signer) =>
    signNote(
      checkpointText({
        origin: `soquy.test/funds/${FUND}`,
        size: n,
        root: rootOf(leaves(tag, n)),
        extensions: [],
      }),
      signer,
    );
  const proof = async (fields: Record<string, unknown>) =>
    forkProofInput.parse({
      format: FORK_PROOF_FORMAT,
      kind: 'fork',
      fundId: FUND,
      logKey,
      explanation: 'seen by the test',
      detectedAt: NOW.toISOString(),
      witness: 'witness.test/bao-phuong',
      url: 'http://soquy.test',
      ...fields,
    });
  return { ...world, deps, note, proof };
}

describe('report-fork', () => {
  it('keeps a proven fork once, and an observed rollback as observed', async () => {
    // Prepare: the log signed two trees of size 5
    const { deps, note, proof } = await reportWorld();
    const fork = await proof({ accepted: await note('a', 5), served: await note('b', 5) });
    const rollback = await proof({
      kind: 'rollback',
      accepted: await note('a', 5),
      served: await note('a', 3),
    });
    // Act
    const first = await reportFork(deps, FUND, fork);
    const again = await reportFork(deps, FUND, { ...fork, detectedAt: '2026-11-24T00:00:00Z' });
    const observed = await reportFork(deps, FUND, rollback);
    // Assess
    expect(first).toMatchObject({ created: true, report: { status: 'proven', kind: 'fork' } });
    expect(first.report.finding).toMatch(/two different trees of size 5/);
    expect(again).toEqual({ created: false, report: first.report });
    expect(observed).toMatchObject({ created: true, report: { status: 'observed' } });
    expect((await listForkReports(deps, FUND)).map((r) => r.status)).toEqual([
      'proven',
      'observed',
    ]);
  });

  it('keeps one report per fork and one observation per fund, however the caller varies the rest', async () => {
    // Prepare: one real fork, posted with other unsigned fields; then endless "observations"
    const { deps, note, proof } = await reportWorld();
    const [a5, b5] = [await note('a', 5), await note('b', 5)];
    const fork = await proof({ accepted: a5, served: b5 });
    const accepted = await note('a', 5);
    const junk = (n: number) =>
      proof({ kind: 'rollback', accepted, consistency: { from: n, to: n + 1, proof: [] } });
    // Act
    await reportFork(deps, FUND, fork);
    const swapped = await reportFork(deps, FUND, {
      ...fork,
      accepted: b5,
      served: a5,
      consistency: { from: 1, to: 2, proof: [] },
    });
    const answers = [];
    for (let n = 1; n <= 5; n += 1) answers.push(await reportFork(deps, FUND, await junk(n)));
    // Assess: the same fork is the same report; only the first observation was kept
    expect(swapped.created).toBe(false);
    expect(answers.map((a) => a.created)).toEqual([true, false, false, false, false]);
    expect((await listForkReports(deps, FUND)).map((r) => r.status)).toEqual([
      'proven',
      'observed',
    ]);
  });

  it('refuses, keeping nothing, a note of another key, one root per size, or another fund', async () => {
    // Prepare
    const { deps, note, proof } = await reportWorld();
    const stranger = fixedSigner('not the log key', 'soquy.test');
    const forged = await proof({
      accepted: await note('a', 5),
      served: await note('b', 5, stranger),
    });
    const same = await proof({ accepted: await note('a', 5), served: await note('a', 5) });
    const elsewhere = { ...(await proof({ accepted: await note('a', 5) })), fundId: 'khac' };
    // Act / Assess
    await expect(reportFork(deps, FUND, forged)).rejects.toMatchObject({
      code: 'bad_fork_proof',
    });
    await expect(reportFork(deps, FUND, same)).rejects.toMatchObject({ code: 'not_a_fork' });
    await expect(reportFork(deps, FUND, elsewhere)).rejects.toMatchObject({
      code: 'bad_fork_proof',
    });
    await expect(reportFork(deps, 'no-such-fund', same)).rejects.toMatchObject({
      code: 'fund_not_found',
    });
    expect(await listForkReports(deps, FUND)).toEqual([]);
    expect(forkProofInput.safeParse({ format: 'other' }).success).toBe(false);
  });
});

import { checkpointText, leafHash, logOrigin, rootOf, signNote, toBase64 } from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSigner } from '../../packages/ledger/src/operations/log/test-support.ts';
import { consoleClient, openFund, type TestApi } from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * A witness reports a fork to the log (POST /funds/{fundId}/log/fork-reports): two checkpoints of
 * one size with different roots, both signed by this deployment's key, are kept once as a proven
 * fork, listed publicly and on the console's witnesses page. A proof that is forged, shows no
 * fork, or is not a proof at all is refused with a readable code, and nothing is written.
 */
let api: TestApi;
const FUND = 're-nhanh';
const PATH = `/funds/${FUND}/log/fork-reports`;

const leaves = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag}${i}`)));

/** A checkpoint of the fund's log of `n` made-up leaves, signed by `signer` (the log's key). */
const noteOf = (tag: string, n: number, signer = api.stack.logDeps.signer) =>
  signNote(
    checkpointText({
      origin: logOrigin(api.stack.logDeps.deployment, FUND),
      size: n,
      root: rootOf(leaves(tag, n)),
      extensions: [],
    }),
    signer,
  );

/** The file `npm run witness` writes, around the notes given. */
const proofOf = (notes: { accepted: string; served?: string }, kind = 'fork') => ({
  format: 'soquy-fork-proof/1',
  kind,
  fundId: FUND,
  logKey: api.stack.logKey,
  ...notes,
  explanation: 'The log signed two trees of size 4.',
  detectedAt: '2026-11-23T03:00:00.000Z',
  witness: 'witness.test/bao-phuong',
  url: api.stack.url,
});

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND);
});
afterAll(() => api.stop());

describe('POST /funds/{fundId}/log/fork-reports', () => {
  it('refuses a forged note, two equal roots, garbage and another fund with a code, writing nothing', async () => {
    // Prepare: notes the log signed, and one of the same origin signed by another key
    const honest = await noteOf('a', 4);
    const impostor = testSigner(api.stack.logDeps.signer.name);
    const cases = [
      {
        body: proofOf({ accepted: honest, served: await noteOf('b', 4, impostor) }),
        code: 'bad_fork_proof',
      },
      { body: proofOf({ accepted: honest, served: honest }), code: 'not_a_fork' },
      { body: { ...proofOf({ accepted: honest }), fundId: 'quy-khac' }, code: 'bad_fork_proof' },
      { body: { hello: 'world' }, code: 'invalid_request' },
    ];
    const before = await api.snapshot();
    for (const { body, code } of cases) {
      // Act
      const res = await api.call('POST', PATH, { body });
      // Assess
      expect(res.status, code).toBe(400);
      expect(res.json.code).toBe(code);
      expect(res.json.message.length).toBeGreaterThan(20);
    }
    const garbage = await api.call('POST', PATH, { raw: 'not json {' });
    expect(garbage.status).toBe(400);
    expect(garbage.json.code).toBe('invalid_request');
    const huge = await api.call('POST', PATH, {
      body: { ...proofOf({ accepted: honest, served: honest }), padding: 'x'.repeat(70_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.json.code).toBe('fork_proof_too_large');
    expect(await api.snapshot()).toEqual(before);
    expect((await api.call('GET', PATH)).json.reports).toEqual([]);
    expect((await api.call('GET', `/f/${FUND}`)).text).not.toContain('id="log-fork"');
  });

  it('keeps a proven fork once: 201, listed publicly and on the console, 200 with the same report on a repeat', async () => {
    // Prepare: the deployment's key signed two different trees of size 4
    const accepted = await noteOf('a', 4);
    const served = await noteOf('b', 4);
    const proof = proofOf({ accepted, served });
    // Act
    const first = await api.call('POST', PATH, { body: proof });
    const afterFirst = await api.snapshot();
    const again = await api.call('POST', PATH, {
      body: { ...proof, detectedAt: '2026-11-23T04:00:00.000Z', witness: 'someone.else' },
    });
    // Assess
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ fundId: FUND, status: 'proven', kind: 'fork' });
    expect(first.json.finding).toBe(
      `FORK: the log signed two different trees of size 4: root ${toBase64(rootOf(leaves('a', 4)))} (accepted) and ${toBase64(rootOf(leaves('b', 4)))} (served)`,
    );
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(await api.snapshot()).toEqual(afterFirst);
    const listed = await api.call('GET', PATH);
    expect(listed.status).toBe(200);
    expect(listed.json.reports).toEqual([first.json]);
    expect(listed.json.reports[0].proof).toMatchObject({ accepted, served });
    // … and the administrator sees it on the console's witnesses page
    const web = consoleClient(api);
    const cookie = await web.signIn(await api.token(['admin'], 'admin'));
    const page = await web.send('GET', '/console/witnesses', { cookie });
    expect(page.text).toContain(`data-fork-report="${first.json.id}" data-status="proven"`);
    expect(page.text).toContain('Đã chứng minh: sổ bị rẽ nhánh');
    // … and anyone sees the warning on the fund's public page
    const fundPage = await api.call('GET', `/f/${FUND}?lang=en`);
    expect(fundPage.text).toContain('id="log-fork"');
    expect(fundPage.text).toContain('Warning: a witness proved that this fund');
    expect(fundPage.text).toContain(`data-fork-report="${first.json.id}"`);
  });

  it('keeps a rollback the witness saw as observed, not proven', async () => {
    // Prepare: size 3 served after size 5: the log rightly signs older sizes too
    const proof = proofOf(
      { accepted: await noteOf('c', 5), served: await noteOf('c', 3) },
      'rollback',
    );
    // Act
    const res = await api.call('POST', PATH, { body: proof });
    // Assess
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'observed', kind: 'rollback' });
    expect(res.json.finding).toMatch(/not provable from signatures alone/);
    const statuses = (await api.call('GET', PATH)).json.reports.map((r: any) => r.status);
    expect(statuses).toEqual(['proven', 'observed']);
  });
});

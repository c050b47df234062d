import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { runCli } from '../support/run.ts';

const SMOKE = 'packages/local/src/cli/smoke.ts';
const smoke = (args: string[]) => runCli(SMOKE, args);

/** Rewrites what the proxy passes on: the body of the paths it returns true for. */
interface Tampering {
  touches(path: string): boolean;
  rewrite(body: string): string;
}

/** A donor of pu-trang renamed in its ledger and its export files, without re-signing anything. */
const renamedDonor: Tampering = {
  touches: (path) =>
    path.startsWith('/funds/pu-trang/ledger') || path.startsWith('/_local/exports/pu-trang/'),
  rewrite: (body) => body.replaceAll('Hiệu vàng Kim Tín', 'Hiệu vàng Kim Tín (đã sửa)'),
};

/**
 * A deployment that serves something else than it wrote: a proxy in front of the local stack
 * that passes everything through except what `tampering` rewrites.
 */
async function startTamperingProxy(
  upstream: string,
  tampering: Tampering,
): Promise<{ url: string; stop(): Promise<void> }> {
  const target = new URL(upstream);
  let self = '';
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const tamper = tampering.touches(path);
    const headers = { ...incoming.headers, host: target.host };
    if (tamper) delete headers['accept-encoding'];
    const forwarded = request(
      { hostname: target.hostname, port: target.port, path, method: incoming.method, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          if (tamper) {
            body = Buffer.from(tampering.rewrite(body.toString('utf8')));
          }
          const out = { ...answer.headers };
          if (out.location) out.location = out.location.replace(upstream, self);
          delete out['transfer-encoding'];
          out['content-length'] = String(body.length);
          outgoing.writeHead(answer.statusCode ?? 502, out);
          outgoing.end(body);
        });
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('npm run smoke against the local stack', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi({ demo: true });
    await api.stack.flushExports();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('passes read-only on the demo data: funds, page, report, headers, compression, the head verifies', async () => {
    // Prepare
    const args = ['--url', api.stack.url, '--fund', 'pu-trang'];
    // Act
    const run = await smoke(args);
    // Assess
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ GET \/funds lists funds \(\d+ ms\) 3 fund\(s\)/);
    expect(run.stdout).toContain('✓ fund page /f/pu-trang');
    expect(run.stdout).toContain('shows "Camera an ninh phường Pú Trạng"');
    expect(run.stdout).toContain('✓ GET /funds/pu-trang/report');
    expect(run.stdout).toContain('✓ security headers');
    expect(run.stdout).toMatch(/✓ compressed when asked \(\d+ ms\) content-encoding: (br|gzip)/);
    expect(run.stdout).toMatch(
      /✓ head of pu-trang verifies \(\d+ ms\) seq 12 [0-9a-f]{12}…: chain, totals and [1-9]\d* signed checkpoint/,
    );
    expect(run.stdout).toContain(`✓ checkpoint key (`);
    expect(run.stdout).toContain(api.stack.logKey);
    expect(run.stdout).not.toContain('✗');
  }, 60_000);

  it('with an admin token opens a smoke-* fund and writes to it; a treasurer of it records the payment', async () => {
    // Prepare
    const admin = await api.token(['admin'], 'smoke-admin');
    // Act
    const opened = await smoke(['--url', api.stack.url, '--token', admin, '--wait', '10']);
    const fundId = /wrote to (smoke-\d{8}-\d{4})/.exec(opened.stdout)?.[1] as string;
    const treasurer = await api.token(['treasurer'], 'smoke-lan', fundId);
    const paid = await smoke([
      '--url',
      api.stack.url,
      '--token',
      treasurer,
      '--fund',
      fundId,
      '--wait',
      '10',
    ]);
    // Assess
    expect(opened.code, opened.stdout + opened.stderr).toBe(0);
    expect(fundId).toMatch(/^smoke-\d{8}-\d{4}$/);
    expect(opened.stdout).toContain(`✓ pledge 10.000\u00a0₫ to ${fundId}`);
    expect(opened.stdout).toContain('⚠ record the payment as treasurer');
    expect(opened.stdout).toMatch(/✓ head of smoke-\S+ advanced and verifies \(\d+ ms\) seq 0 → 1/);
    expect(opened.stdout).toContain(`✓ the entries show on /f/${fundId}`);
    expect(paid.code, paid.stdout + paid.stderr).toBe(0);
    expect(paid.stdout).toContain('✓ record the payment as treasurer');
    expect(paid.stdout).toMatch(/advanced and verifies \(\d+ ms\) seq 1 → 3/);
    const head = (await api.call('GET', `/funds/${fundId}/head`)).json;
    expect(head.seq).toBe(3);
    expect(head.totals.pledged).toBe(20_000);
    expect(head.totals.received).toBe(10_000);
    const funds = (await api.call('GET', '/funds')).json.funds as { id: string }[];
    expect(funds.filter((f) => f.id.startsWith('smoke-')).map((f) => f.id)).toEqual([fundId]);
  }, 90_000);

  it('refuses to write to a fund not named smoke-*, and writes nothing', async () => {
    // Prepare
    const treasurer = await api.token(['treasurer', 'admin'], 'smoke-lan', 'pu-trang');
    const before = await api.snapshot();
    // Act
    const run = await smoke(['--url', api.stack.url, '--token', treasurer, '--fund', 'pu-trang']);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'REFUSED: --fund pu-trang: the write test only writes to a fund named smoke-',
    );
    expect(run.stdout).not.toContain('✓');
    expect(await api.snapshot()).toEqual(before);
  }, 60_000);

  it('fails, naming the first bad seq and why, when the published journal was edited', async () => {
    // Prepare
    const proxy = await startTamperingProxy(api.stack.url, renamedDonor);
    try {
      // Act
      const run = await smoke(['--url', proxy.url, '--fund', 'pu-trang']);
      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /✗ head of pu-trang verifies \(\d+ ms\): the journal: first bad seq 1 \(hash\): stored hash [0-9a-f]{64} but the entry hashes to [0-9a-f]{64}: it was changed after it was written/,
      );
      expect(run.stderr).toContain('FAILED: 1 of');
      expect(run.stdout).toContain('✓ fund page /f/pu-trang');
    } finally {
      await proxy.stop();
    }
  }, 60_000);

  it('fails when the head served hides the last entries the log signed, after asking again', async () => {
    // Prepare: the head as it was at seq 10, as a server hiding entries 11 and 12 would serve it.
    const ledger = (await api.call('GET', '/funds/pu-trang/ledger?after=9&limit=1')).json;
    const live = (await api.call('GET', '/funds/pu-trang/head')).json;
    const hidden = JSON.stringify({ ...live, seq: 10, hash: ledger.entries[0].hash });
    const proxy = await startTamperingProxy(api.stack.url, {
      touches: (path) => path === '/funds/pu-trang/head',
      rewrite: () => hidden,
    });
    try {
      // Act
      const run = await smoke(['--url', proxy.url, '--fund', 'pu-trang', '--wait', '2']);
      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /✗ head of pu-trang verifies \(\d+ ms\): the head served is at seq 10, behind the exports \(seq 12\): a cached head, or entries hidden \(still so after 2 s\)/,
      );
    } finally {
      await proxy.stop();
    }
  }, 60_000);
});

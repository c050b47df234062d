/**
 * Page weights: what each main page weighs on the wire, uncompressed, in gzip and in br, as the
 * local stack sends it (the API Gateway emulator compresses as CloudFront does in AWS). On the
 * demo funds, through HTTP like a phone's browser: the fund page, the statement, the pledge form
 * and a pledge's result page, the verify page, the console's fund page and the ledger JSON.
 */

import { request } from 'node:http';
import { issueDevToken, type LocalStack } from '@soquy/local';
import { benchFund, withBenchStack } from './common.ts';
import { seed } from './pages.ts';

export interface PageWeight {
  page: string;
  path: string;
  status: number;
  identity: number;
  gzip: number;
  br: number;
}

const CODINGS = ['identity', 'gzip', 'br'] as const;

/** The body's bytes as sent for one Accept-Encoding (not decompressed), and the coding used. */
function weigh(
  url: string,
  acceptEncoding: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number; coding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { ...headers, 'accept-encoding': acceptEncoding } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            coding: String(res.headers['content-encoding'] ?? 'identity'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Signs in to the console as the demo fund's treasurer; answers the session cookie. */
async function consoleCookie(stack: LocalStack, fundId: string): Promise<string> {
  const token = await issueDevToken(stack.signingKey, {
    roles: ['treasurer'],
    user: 'demo-thuquy',
    fund: fundId,
  });
  const response = await fetch(`${stack.url}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('soquy_session='));
  if (!cookie) throw new Error(`console sign-in answered ${response.status} without a session`);
  return cookie.split(';')[0] as string;
}

/** Measures every main page of a demo fund in the three codings. */
export async function measurePageWeights(stack: LocalStack, fundId: string): Promise<PageWeight[]> {
  const pledge = await fetch(`${stack.url}/funds/${fundId}/pledges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `weights-${Date.now()}` },
    body: JSON.stringify({
      method: 'transfer',
      amount: 500_000,
      donor: { name: 'Hộ gia đình ông Nguyễn Văn Bảy', kind: 'household', showName: true },
    }),
  });
  if (pledge.status !== 201) throw new Error(`pledging answered ${pledge.status}`);
  const manage = new URL(((await pledge.json()) as { manageUrl: string }).manageUrl);
  const cookie = await consoleCookie(stack, fundId);
  // The verify page checks one receipt: the link on the latest entry's receipt.
  const ledger = (await (await fetch(`${stack.url}/funds/${fundId}/ledger?limit=1000`)).json()) as {
    entries: { seq: number; hash: string }[];
  };
  const last = ledger.entries.at(-1);
  if (!last) throw new Error(`${fundId} has no entries to verify`);
  const pages: { page: string; path: string; headers?: Record<string, string> }[] = [
    { page: 'fund page', path: `/f/${fundId}` },
    { page: 'statement (this month)', path: `/f/${fundId}/statement` },
    { page: 'statement (whole campaign)', path: `/f/${fundId}/statement?month=all` },
    { page: 'pledge form', path: `/f/${fundId}/pledge` },
    { page: 'pledge result', path: `${manage.pathname}${manage.search}` },
    { page: 'verify page', path: `/funds/${fundId}/verify?seq=${last.seq}&hash=${last.hash}` },
    { page: 'console fund page', path: `/console/f/${fundId}`, headers: { cookie } },
    { page: 'ledger JSON (100)', path: `/funds/${fundId}/ledger` },
    { page: 'ledger JSON (1000)', path: `/funds/${fundId}/ledger?limit=1000` },
  ];
  const weights: PageWeight[] = [];
  for (const { page, path, headers = {} } of pages) {
    const row: PageWeight = { page, path, status: 0, identity: 0, gzip: 0, br: 0 };
    for (const coding of CODINGS) {
      const answer = await weigh(`${stack.url}${path}`, coding, headers);
      if (answer.coding !== coding && answer.bytes >= 1000)
        throw new Error(`${path} came back ${answer.coding} when ${coding} was asked`);
      row.status = answer.status;
      row[coding] = answer.bytes;
    }
    weights.push(row);
  }
  return weights;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);
const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`.padStart(5);

/** The table the README and the issue's note quote. */
export function weightTable(weights: PageWeight[]): string {
  const lines = [
    `  ${'page'.padEnd(28)}${'status'.padStart(7)}${'plain'.padStart(10)}${'gzip'.padStart(16)}${'br'.padStart(16)}`,
  ];
  for (const w of weights) {
    lines.push(
      `  ${w.page.padEnd(28)}${String(w.status).padStart(7)}${kb(w.identity)}${kb(w.gzip)}${share(w.gzip, w.identity)} ${kb(w.br)}${share(w.br, w.identity)}`,
    );
  }
  return lines.join('\n');
}

export async function weightsBench(dynamoEndpoint: string) {
  const name = `weights-${Date.now()}`;
  return withBenchStack({ name, dynamoEndpoint, demo: true }, async (stack) => {
    // A big appeal too: 1,000 entries, so full pages of rows are weighed.
    const big = 'weights-1000';
    await stack.deps.store.createFund(benchFund(big));
    await seed(stack.deps.store, big, 0, 1_000);
    await stack.flushExports();
    for (const [fundId, entries] of [
      ['duc-pho', `${stack.demoEntries} demo entries in all demo funds`],
      [big, '1,000 entries'],
    ] as const) {
      const weights = await measurePageWeights(stack, fundId);
      console.log(
        `\n== Page weights on the wire: ${fundId} (${entries}), bytes of the body as sent`,
      );
      console.log(weightTable(weights));
    }
    console.log(
      '  (gzip and br as the local emulator sends them: CloudFront compresses the same types from 1,000 bytes)',
    );
  });
}

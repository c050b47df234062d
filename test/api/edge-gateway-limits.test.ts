import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLocalApi, PAYLOAD_LIMITS } from '@soquy/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../functions/routes.ts';
import { consoleClient, openFund, type TestApi } from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The emulator answers as AWS does at the size limits, so what passes locally passes in AWS:
 * API Gateway HTTP API takes bodies up to 10 MB (413 above), Lambda takes events up to 6 MB of
 * JSON (binary bodies count after base64; 413 above) and returns results up to 6,291,556 bytes
 * of JSON (a function error, so 500, above).
 */
const MiB = 1024 * 1024;
const TOO_LARGE = { message: 'Request Entity Too Large' };
const INTERNAL = { message: 'Internal Server Error' };

describe('the API Gateway emulator’s payload limits', () => {
  let url: string;
  let server: ReturnType<typeof createLocalApi>;
  let calls = 0;
  let answerBytes = 0;
  const routes: RouteSpec[] = [
    { method: 'POST', path: '/echo', fn: 'echo', auth: false, operation: 'read-fund' },
    { method: 'GET', path: '/big', fn: 'big', auth: false, operation: 'read-fund' },
  ];

  beforeAll(async () => {
    server = createLocalApi({
      routes,
      authorizer: { verify: async () => ({}) },
      loadHandler: async (fn) => async (event) => {
        calls++;
        if (fn === 'big') return { statusCode: 200, body: 'x'.repeat(answerBytes) };
        return { statusCode: 200, body: String(event.body?.length ?? 0) };
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  const echo = async (body: Buffer | string, type: string) => {
    const before = calls;
    const res = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: res.status, text: await res.text(), ran: calls > before };
  };

  it('refuses a body over 10 MB with API Gateway’s 413, before any function runs', async () => {
    const res = await echo(Buffer.alloc(PAYLOAD_LIMITS.requestBody + 1, 0x61), 'application/json');
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual(TOO_LARGE);
    expect(res.ran).toBe(false);
  });

  it('refuses a text body whose event is over Lambda’s 6 MB, and takes one just under', async () => {
    const over = await echo('a'.repeat(6 * MiB), 'text/plain');
    expect([over.status, JSON.parse(over.text), over.ran]).toEqual([413, TOO_LARGE, false]);
    const under = await echo('a'.repeat(6 * MiB - 8 * 1024), 'text/plain');
    expect([under.status, under.ran]).toEqual([200, true]);
  });

  it('counts a binary body after base64: 4.6 MB of bytes is over 6 MB of event', async () => {
    const over = await echo(Buffer.alloc(Math.ceil(4.6 * MiB)), 'application/pdf');
    expect([over.status, JSON.parse(over.text), over.ran]).toEqual([413, TOO_LARGE, false]);
    const under = await echo(Buffer.alloc(4 * MiB), 'application/pdf');
    expect([under.status, under.text, under.ran]).toEqual([
      200,
      String(Math.ceil((4 * MiB) / 3) * 4),
      true,
    ]);
  });

  it('turns a result over 6,291,556 bytes of JSON into API Gateway’s 500', async () => {
    answerBytes = PAYLOAD_LIMITS.lambdaResult;
    const over = await fetch(`${url}/big`);
    expect(over.status).toBe(500);
    expect(await over.json()).toEqual(INTERNAL);
    answerBytes = 6 * MiB - 1024;
    const under = await fetch(`${url}/big`);
    expect(under.status).toBe(200);
    expect((await under.text()).length).toBe(answerBytes);
  });
});

describe('the local stack meets the same limits', () => {
  const FUND = 'gioi-han';
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    await openFund(api, FUND);
  });
  afterAll(() => api.stop());

  it('refuses an 11 MB pledge with 413 and writes nothing', async () => {
    const before = await api.snapshot();
    const res = await api.call('POST', `/funds/${FUND}/pledges`, {
      headers: { 'idempotency-key': randomUUID() },
      raw: JSON.stringify({
        donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
        amount: 2_000_000,
        method: 'cash',
        message: 'x'.repeat(11 * MiB),
      }),
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual(TOO_LARGE);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses a console spending form carrying a 5 MB file (over 6 MB once base64) and stores nothing', async () => {
    // Prepare
    const web = consoleClient(api);
    const cookie = await web.signIn(await api.token(['treasurer'], 'lan', FUND));
    const csrf = await web.csrfOn(cookie, `/console/f/${FUND}`);
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * MiB, 0x20)]);
    const form = new FormData();
    for (const [name, value] of Object.entries({
      csrf,
      key: randomUUID(),
      amount: '300.000',
      category: 'cameras',
      payee: 'Cửa hàng điện Hòa',
      payeeKind: 'business',
      purpose: 'Dây cáp camera',
      paidAt: '2026-11-20',
      method: 'cash',
      visibility: 'public',
    }))
      form.set(name, value);
    form.set('files', new Blob([new Uint8Array(scan)], { type: 'application/pdf' }), 'scan.pdf');
    const before = await api.snapshot();
    // Act
    const res = await fetch(`${api.stack.url}/console/f/${FUND}/disbursements`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body: form,
    });
    // Assess
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(TOO_LARGE);
    expect(await api.snapshot()).toEqual(before);
    expect(existsSync(join(api.dataDir, 'evidence', FUND))).toBe(false);
  });
});

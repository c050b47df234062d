import { createHash, randomUUID } from 'node:crypto';
import { type DemoTransfer, sepayNotificationFor } from '@soquy/bank';
import { type SampleLine, writeStatement } from '@soquy/bank/samples';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The metrics the alarms and the dashboard read, as the real handlers print them (CloudWatch
 * turns these EMF lines into metrics in AWS). The stack runs in this process: what its handlers
 * print is caught here, not shown.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let printed: string[] = [];
let treasurer: string;
const ACCOUNT = '1234567890';

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
  [key: string]: unknown;
}
/** The EMF records of `name` printed since the test began: value and dimensions. */
function metric(name: string) {
  const emf: Emf[] = [];
  for (const line of printed) {
    try {
      const record = JSON.parse(line) as Emf;
      if (record._aws && name in record) emf.push(record);
    } catch {
      // Not a JSON line.
    }
  }
  return emf.map((r) => ({
    namespace: r._aws.CloudWatchMetrics[0]?.Namespace,
    value: r[name],
    dimensions: Object.fromEntries(
      (r._aws.CloudWatchMetrics[0]?.Dimensions[0] ?? []).map((d) => [d, r[d]]),
    ),
  }));
}
const total = (name: string) =>
  metric(name).reduce(
    (sum, m) =>
      sum + (Array.isArray(m.value) ? m.value.reduce((a, b) => a + b, 0) : Number(m.value)),
    0,
  );

const sepay = (transfer: Partial<DemoTransfer> & { reference: string; amount: number }) =>
  sepayNotificationFor(
    { accountNumber: ACCOUNT, at: new Date(Date.now() - 60_000), ...transfer },
    api.stack.gatewayKeys.sepayApiKey,
  );
const journal = async () => (await api.call('GET', '/funds/pu-trang/ledger')).json.entries;

beforeAll(async () => {
  api = await startTestApi();
  // The handlers load on their first request: at level info they print logs and metrics.
  process.env.LOG_LEVEL = 'info';
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk) => {
      printed.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
  treasurer = await api.token(['treasurer'], 'lan', 'pu-trang');
});
beforeEach(() => {
  printed = [];
});
afterAll(async () => {
  vi.restoreAllMocks();
  process.env.LOG_LEVEL = 'silent';
  await api.stop();
});

describe('webhook deliveries, as the webhook-failure alarm counts them', () => {
  it('counts a SePay delivery with a wrong key as rejected and as a webhook failure', async () => {
    // Prepare
    const delivery = sepay({ reference: 'WRONGKEY', amount: 100_000 });
    // Act
    const res = await api.call('POST', delivery.path, {
      raw: delivery.rawBody,
      headers: { 'content-type': 'application/json', authorization: 'Apikey wrong-key' },
    });
    // Assess
    expect(res.status).toBe(401);
    expect(metric('WebhookDeliveries')).toEqual([
      {
        namespace: 'Soquy',
        value: 1,
        dimensions: { service: 'soquy', source: 'sepay', outcome: 'rejected' },
      },
    ]);
    expect(metric('WebhookFailures')).toEqual([
      { namespace: 'Soquy', value: 1, dimensions: { service: 'soquy' } },
    ]);
    expect(metric('Rejections')).toContainEqual({
      namespace: 'Soquy',
      value: 1,
      dimensions: { service: 'soquy', code: 'unauthorized' },
    });
  });

  it('counts a booked delivery as accepted with the entries it appended, and its retry as a duplicate that appends none', async () => {
    // Prepare
    const pledge = await api.call('POST', '/funds/pu-trang/pledges', {
      body: {
        donor: { name: 'Chị Hoa', kind: 'individual', showName: true },
        amount: 200_000,
        method: 'transfer',
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(pledge.status).toBe(201);
    const delivery = sepay({ reference: pledge.json.reference, amount: 200_000 });
    const before = (await journal()).length;
    printed = [];
    // Act
    const first = await api.call('POST', delivery.path, {
      raw: delivery.rawBody,
      headers: delivery.headers,
    });
    // Assess
    expect(first.status).toBe(200);
    expect(first.json.outcome).toBe('matched');
    const booked = (await journal()).length - before;
    expect(booked).toBeGreaterThan(0);
    expect(total('Appends')).toBe(booked);
    expect(metric('WebhookDeliveries')).toEqual([
      {
        namespace: 'Soquy',
        value: 1,
        dimensions: { service: 'soquy', source: 'sepay', outcome: 'accepted' },
      },
    ]);
    expect(metric('WebhookFailures')).toEqual([]);

    // Act: SePay retries the same delivery
    printed = [];
    const retry = await api.call('POST', delivery.path, {
      raw: delivery.rawBody,
      headers: delivery.headers,
    });
    // Assess
    expect(retry.status).toBe(200);
    expect(metric('WebhookDeliveries')).toEqual([
      {
        namespace: 'Soquy',
        value: 1,
        dimensions: { service: 'soquy', source: 'sepay', outcome: 'duplicate' },
      },
    ]);
    expect(total('Appends')).toBe(0);
  });
});

describe('statement imports, as the dashboard shows their progress', () => {
  it('counts the lines each chunk booked and how many a second', async () => {
    // Prepare: a day of 600 small transfers (two chunks of the import job)
    const day = new Date(Date.now() - 86_400_000);
    day.setUTCHours(2, 0, 0, 0);
    const lines: SampleLine[] = Array.from({ length: 600 }, (_, i) => ({
      bookedAt: new Date(day.getTime() + i * 1000).toISOString(),
      direction: 'in',
      amount: 10_000 + i,
      memo: `UNG HO QUY ${i}`,
      ref: `FT26327${String(i).padStart(9, '0')}`,
    }));
    const state = await api.stack.deps.store.getFund('pu-trang');
    const vietnamDay = new Date(day.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const bytes = await writeStatement('vietcombank', 'xlsx', {
      account: ACCOUNT,
      from: vietnamDay,
      to: vietnamDay,
      openingBalance: state?.head.balances['assets:bank'] ?? 0,
      lines,
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const declared = await api.call('POST', '/funds/pu-trang/statements', {
      body: { sha256, size: bytes.length, fileName: 'saoke.xlsx' },
      token: treasurer,
    });
    expect(declared.status).toBe(201);
    printed = [];
    // Act: the upload starts the import job
    const put = await fetch(declared.json.upload.url, {
      method: 'PUT',
      headers: declared.json.upload.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    await api.stack.importsIdle();
    // Assess
    const progress = await api.call('GET', `/statements/${declared.json.statementId}`, {
      token: treasurer,
    });
    expect(progress.json.status).toBe('done');
    expect(total('ImportLines')).toBe(600);
    const rates = metric('ImportLinesPerSecond').flatMap((m) => [m.value].flat()) as number[];
    expect(rates.length).toBeGreaterThanOrEqual(2);
    for (const rate of rates) expect(rate).toBeGreaterThan(0);
  });
});

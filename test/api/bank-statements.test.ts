import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sepayNotificationFor } from '@soquy/bank';
import { type SampleLine, writeStatement } from '@soquy/bank/samples';
import {
  type Actor,
  groupFor,
  runStatementImport,
  type StatementDeps,
  staff,
  statementIdOf,
  verifyJournal,
} from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankStatementParser } from '../../functions/shared/statement-parser.ts';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let treasurer: string;
const ACCOUNT = '1234567890';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const journal = async () =>
  (await api.call('GET', '/funds/pu-trang/ledger?limit=1000')).json.entries;
const daysAgo = (days: number, hour = 9) => {
  const at = new Date(Date.now() - days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};
const dayOf = (instant: string) =>
  new Date(Date.parse(instant) + 7 * 3_600_000).toISOString().slice(0, 10);

async function pledge(amount: number) {
  const res = await api.call('POST', '/funds/pu-trang/pledges', {
    body: {
      donor: { name: 'Hộ kinh doanh Lò Thị Mai', kind: 'household', showName: true },
      amount,
      method: 'transfer',
    },
    headers: { 'idempotency-key': randomUUID() },
  });
  return res.json as { pledgeId: string; reference: string };
}

/** The ledger's bank balance now, which a statement starting today opens with. */
async function bankBalance() {
  const state = await api.stack.deps.store.getFund('pu-trang');
  return state?.head.balances['assets:bank'] ?? 0;
}

async function statementOf(
  lines: SampleLine[],
  options: { account?: string; opening?: number } = {},
) {
  const from = dayOf(lines[0]?.bookedAt ?? daysAgo(1));
  const to = dayOf(lines.at(-1)?.bookedAt ?? daysAgo(1));
  return writeStatement('vietcombank', 'xlsx', {
    account: options.account ?? ACCOUNT,
    from,
    to,
    openingBalance: options.opening ?? (await bankBalance()),
    lines,
  });
}

/** Declares, uploads to the answered URL, and waits for the import job to finish. */
async function upload(bytes: Uint8Array) {
  const declared = await api.call('POST', '/funds/pu-trang/statements', {
    body: { sha256: sha256(bytes), size: bytes.length, fileName: 'saoke.xlsx' },
    token: treasurer,
  });
  if (declared.status !== 201) return { declared };
  const put = await fetch(declared.json.upload.url, {
    method: 'PUT',
    headers: declared.json.upload.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  await api.stack.importsIdle();
  const progress = await api.call('GET', `/statements/${declared.json.statementId}`, {
    token: treasurer,
  });
  return { declared, progress };
}

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  treasurer = await api.token(['treasurer'], 'lan', 'pu-trang');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
});
afterAll(() => api.stop());

describe('importing a statement', () => {
  it('books the transfers that name pledges, queues the rest, and ties out with the bank', async () => {
    // Prepare
    const a = await pledge(700_000);
    const b = await pledge(250_000);
    const lines: SampleLine[] = [
      {
        bookedAt: daysAgo(2, 2),
        direction: 'in',
        amount: 700_000,
        memo: `MBVCB.3278614421.ung ho ${a.reference.toLowerCase()}.CT tu 0123456789 LO THI MAI toi ${ACCOUNT}`,
        ref: '5213.45946',
      },
      {
        bookedAt: daysAgo(2, 3),
        direction: 'in',
        amount: 250_000,
        memo: `${b.reference.slice(0, 4)}.${b.reference.slice(4)} UNG HO - Ma GD ACSP/ gz333212`,
        ref: 'FT26300000000002',
      },
      {
        bookedAt: daysAgo(1, 4),
        direction: 'in',
        amount: 120_000,
        memo: 'CHUYEN TIEN UNG HO',
        ref: 'FT26300000000003',
      },
      {
        bookedAt: daysAgo(1, 5),
        direction: 'out',
        amount: 90_000,
        memo: 'PHI DICH VU',
        ref: 'FT26300000000004',
      },
    ];
    const entriesBefore = (await journal()).length;
    const bytes = await statementOf(lines);
    // Act
    const { declared, progress } = await upload(bytes);
    // Assess
    expect(declared.status).toBe(201);
    expect(declared.json.statementId).toBe(statementIdOf('pu-trang', sha256(bytes)));
    expect(progress?.json).toMatchObject({
      status: 'done',
      bank: 'vietcombank',
      account: ACCOUNT,
      lines: 4,
      processed: 4,
      matched: 2,
      unmatched: 2,
      duplicates: 0,
    });
    // The two waiting lines are exactly the difference: +120,000 in, −90,000 out.
    expect(progress?.json.tieOut).toMatchObject({ difference: 30_000 });
    const entries = await journal();
    const added = entries.slice(entriesBefore);
    expect(added.map((e: { kind: string }) => e.kind)).toEqual(['payment', 'payment']);
    expect(added.map((e: { postings: { amount: number }[] }) => e.postings[0]?.amount)).toEqual([
      700_000, 250_000,
    ]);
    // Each entry cites the statement file it came from.
    for (const entry of added) expect(entry.evidence).toEqual([sha256(bytes)]);
    const verified = verifyJournal('pu-trang', entries);
    expect(verified.ok).toBe(true);
  });

  it('refuses the same file again with 409 and writes nothing', async () => {
    const bytes = await statementOf([
      { bookedAt: daysAgo(1, 6), direction: 'in', amount: 10_000, memo: 'UNG HO', ref: 'FT1' },
    ]);
    const first = await upload(bytes);
    expect(first.progress?.json.status).toBe('done');
    const before = await api.snapshot();
    // Act
    const again = await api.call('POST', '/funds/pu-trang/statements', {
      body: { sha256: sha256(bytes), size: bytes.length },
      token: treasurer,
    });
    // Assess
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('statement_already_imported');
    expect(await api.snapshot()).toEqual(before);
  });

  it('books a transaction once whether it came by webhook first or in the statement', async () => {
    const { reference } = await pledge(333_000);
    const at = new Date(Date.parse(daysAgo(1, 7)));
    const delivery = sepayNotificationFor(
      { reference, amount: 333_000, accountNumber: ACCOUNT, at, bankReference: 'FT26300000000333' },
      api.stack.gatewayKeys.sepayApiKey,
    );
    const hooked = await api.call('POST', delivery.path, {
      raw: delivery.rawBody,
      headers: delivery.headers,
    });
    expect(hooked.json.outcome).toBe('matched');
    const entriesBefore = (await journal()).length;
    const opening = (await bankBalance()) - 333_000;
    const bytes = await statementOf(
      [
        {
          bookedAt: at.toISOString(),
          direction: 'in',
          amount: 333_000,
          memo: `UNG HO ${reference}`,
          ref: 'FT26300000000333',
        },
      ],
      { opening },
    );
    // Act
    const { progress } = await upload(bytes);
    // Assess
    expect(progress?.json).toMatchObject({ status: 'done', duplicates: 1, matched: 0 });
    expect(progress?.json.tieOut.difference).toBe(0);
    expect((await journal()).length).toBe(entriesBefore);
  });

  it.each([
    [
      'another account’s statement',
      { account: '9988776655' },
      'statement_wrong_account',
      /9988776655/,
    ],
  ])(
    'fails the job for %s, naming the problem, and writes no entry',
    async (_, options, code, message) => {
      const bytes = await statementOf(
        [{ bookedAt: daysAgo(1, 8), direction: 'in', amount: 55_000, memo: 'X', ref: 'FT9' }],
        options,
      );
      const entriesBefore = (await journal()).length;
      const { progress } = await upload(bytes);
      expect(progress?.json.status).toBe('failed');
      expect(progress?.json.error.code).toBe(code);
      expect(progress?.json.error.message).toMatch(message);
      expect((await journal()).length).toBe(entriesBefore);
    },
  );

  it('fails a statement whose balances do not add up, naming the first row that breaks', async () => {
    const bytes = readFileSync(
      new URL('../../packages/bank/test/fixtures/broken-running-balance.xlsx', import.meta.url),
    );
    const entriesBefore = (await journal()).length;
    const { progress } = await upload(bytes);
    expect(progress?.json.status).toBe('failed');
    expect(progress?.json.error.code).toBe('statement_unbalanced');
    expect(progress?.json.error.message).toMatch(/Row \d+/);
    expect((await journal()).length).toBe(entriesBefore);
  });

  it('fails a file that is not a statement with the list of layouts it can read', async () => {
    const bytes = new TextEncoder().encode('Tên hàng,Giá\nBút bi,5000\nVở,12000\n');
    const entriesBefore = (await journal()).length;
    const { progress } = await upload(bytes);
    expect(progress?.json.status).toBe('failed');
    expect(progress?.json.error.code).toBe('statement_unrecognised');
    expect(progress?.json.error.message).toMatch(/Vietcombank/);
    expect(progress?.json.error.message).toMatch(/Techcombank/);
    expect((await journal()).length).toBe(entriesBefore);
  });
});

describe('an import interrupted midway', () => {
  it('resumes from where it stopped, with nothing lost and nothing doubled', async () => {
    // Prepare: 1,200 lines (three chunks), each paying a pledge or waiting for review.
    const pledges = await Promise.all(Array.from({ length: 30 }, () => pledge(1_000_000)));
    const lines: SampleLine[] = Array.from({ length: 1_200 }, (_, i) => ({
      bookedAt: new Date(Date.parse(daysAgo(1, 0)) + i * 1000).toISOString(),
      direction: 'in',
      amount: 1_000 + i,
      memo:
        i % 3 === 0
          ? `UNG HO ${(pledges[i % 30] as { reference: string }).reference}`
          : `CHUYEN KHOAN ${i}`,
      ref: `FT26301${String(i).padStart(9, '0')}`,
    }));
    const bytes = await statementOf(lines);
    const entriesBefore = (await journal()).length;
    const treasurerActor: Actor = staff({
      userId: 'lan',
      username: 'lan',
      groups: [groupFor('treasurer', 'pu-trang')],
    });
    const { declareStatement, markUploaded } = await import('@soquy/ledger');
    const deps: StatementDeps = {
      ...api.stack.deps,
      statementFiles: {
        createUpload: async () => ({ url: '', method: 'PUT', headers: {}, expiresAt: '' }),
        put: async () => sha256(bytes),
        has: async () => true,
        open: async function* () {
          yield bytes;
        },
      },
      statementParser: bankStatementParser,
    };
    const { statement } = await declareStatement(
      deps,
      'pu-trang',
      { sha256: sha256(bytes), size: bytes.length },
      treasurerActor,
    );
    await markUploaded(deps, 'pu-trang', sha256(bytes));
    // Act 1: the job stops after its first chunk (a Lambda about to time out)…
    const paused = await runStatementImport(deps, statement.statementId, {
      shouldPause: () => true,
    });
    expect(paused.status).toBe('importing');
    expect(paused.processed).toBeGreaterThan(0);
    expect(paused.processed).toBeLessThan(1_200);
    // …then crashes in the middle of the next one: after two transactions landed, before its
    // place was saved.
    let appends = 0;
    const crashing: StatementDeps = {
      ...deps,
      store: new Proxy(deps.store, {
        get(target, name, receiver) {
          if (name === 'append') {
            return async (...args: Parameters<typeof target.append>) => {
              if (++appends > 2) throw new Error('the function was killed');
              return target.append(...args);
            };
          }
          return Reflect.get(target, name, receiver);
        },
      }),
    };
    await expect(runStatementImport(crashing, statement.statementId)).rejects.toThrow(/killed/);
    // Act 2: redelivered, it resumes from its saved place.
    const done = await runStatementImport(deps, statement.statementId);
    // Assess
    expect(done).toMatchObject({ status: 'done', processed: 1_200, lines: 1_200 });
    expect(done.matched + done.unmatched).toBe(1_200);
    expect(done.matched).toBe(400);
    expect(done.duplicates).toBe(0);
    const entries = await journal();
    const added = entries.slice(entriesBefore);
    // Exactly one entry per matched line (a pledge paid beyond its amount gets a payment and a
    // donation for the rest), each bank reference booked once.
    const refs = added.map((e: { refs: { bankRef?: string } }) => e.refs.bankRef);
    expect(new Set(refs).size).toBe(400);
    const booked = added.reduce(
      (sum: number, e: { postings: { account: string; amount: number }[] }) =>
        sum + (e.postings.find((p) => p.account === 'assets:bank')?.amount ?? 0),
      0,
    );
    const expected = lines
      .filter((_, i) => i % 3 === 0)
      .reduce((sum, line) => sum + line.amount, 0);
    expect(booked).toBe(expected);
    expect(verifyJournal('pu-trang', entries).ok).toBe(true);
    const queue = await api.call('GET', '/funds/pu-trang/bank-lines?direction=in&limit=200', {
      token: treasurer,
    });
    expect(queue.json.waiting).toBeGreaterThanOrEqual(800);
  });
});

describe('a statement of many days', () => {
  it('imports a month of pledge payments, one a day, and two identical fees without a reference', async () => {
    // Prepare: each payment's day adds an item to its transaction (the bank's movement that day).
    const pledges = await Promise.all(Array.from({ length: 30 }, () => pledge(100_000)));
    const lines: SampleLine[] = pledges.map((p, i) => ({
      bookedAt: daysAgo(40 - i, 3),
      direction: 'in' as const,
      amount: 100_000,
      memo: `UNG HO ${p.reference}`,
      ref: `FT26302${String(i).padStart(9, '0')}`,
    }));
    for (const hour of [4, 5]) {
      lines.push({
        bookedAt: daysAgo(9, hour),
        direction: 'out',
        amount: 3_300,
        memo: 'PHI DICH VU',
      });
    }
    lines.sort((a, b) => a.bookedAt.localeCompare(b.bookedAt));
    const entriesBefore = (await journal()).length;
    // Act
    const { progress } = await upload(await statementOf(lines, { opening: 1_000_000 }));
    // Assess
    expect(progress?.json).toMatchObject({
      status: 'done',
      lines: 32,
      processed: 32,
      matched: 30,
      unmatched: 2,
    });
    expect((await journal()).length - entriesBefore).toBe(30);
    const fees = await api.call('GET', '/funds/pu-trang/bank-lines?direction=out&limit=200', {
      token: treasurer,
    });
    expect(fees.json.lines.filter((l: { amount: number }) => l.amount === 3_300)).toHaveLength(2);
  });
});

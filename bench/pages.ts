/**
 * What a reader waits for, at 20 and at 20,000 entries: the fund page, the statement (a month
 * holding nearly every entry, and the whole campaign), the report, the exports' index and the
 * first and last chunk file of each format (following the redirect). Through the local stack:
 * the API Gateway emulator in front of the real handlers, on DynamoDB Local.
 *
 * Time to first byte, median of interleaved runs. The goal (issue 10): at 20,000 entries at most
 * 1.5 × the time at 20. A fund of 1,000 entries is measured too: a page that shows a full page
 * of rows at 1,000 and at 20,000 costs its page, not the journal, if those two are close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskExportFiles } from '@soquy/evidence';
import {
  disbursementDraft,
  donationDraft,
  type EntryDraft,
  fingerprint,
  type LedgerStore,
  publishExports,
} from '@soquy/ledger';

import { benchFund, median, withBenchStack } from './common.ts';

export const PAGE_GOAL = 1.5;

/** Every entry falls in this month (Vietnam time), so its statement holds nearly all of them. */
const MONTH = '2026-11';
const START = Date.parse('2026-11-01T00:00:00.000Z');
/** Entries per append: with 8 donors and ≤ 4 payees a batch stays under 100 transaction items. */
const BATCH = 80;

const SIZES = { small: 20, mid: 1_000, large: 20_000 } as const;
type Size = keyof typeof SIZES;

/**
 * Entry `n` (from 0) of a bench fund: a donation from one of 40 households and businesses, and
 * every 25th a disbursement to one of 10 payees. A minute apart, all in MONTH.
 */
function draftAt(fundId: string, n: number, batch: number): EntryDraft {
  const at = new Date(START + n * 60_000).toISOString();
  const base = { id: `${fundId}-${n}`, occurredAt: at, recordedAt: at, recordedBy: 'bench' };
  if (n % 25 === 24) {
    const payee = (batch + (n % 4)) % 10;
    return disbursementDraft(
      { ...base, memo: `Camera số ${n}` },
      {
        disbursementId: `d-${n}`,
        category: n % 2 ? 'cameras' : 'install',
        amount: 50_000,
        method: 'transfer',
        bankRef: `FT${n}`,
        payee: { name: `Công ty lắp đặt ${payee}`, kind: 'business' },
      },
    );
  }
  const donor = (batch * 8 + (n % 8)) % 40;
  return donationDraft(base, {
    donor: {
      id: `donor-${donor}`,
      displayName: donor % 5 ? `Hộ gia đình số ${donor}` : `Cửa hàng số ${donor}`,
      kind: donor % 5 ? 'household' : 'business',
    },
    amount: 10_000 + (n % 7) * 1_000,
    method: 'transfer',
    bankRef: `FT${n}`,
  });
}

/**
 * Seeds a fund through the store's own write path (DynamoLedgerStore.append seals the drafts,
 * moves the head and its month sums, the donor and payee sums, and writes `fundMonth`), many
 * entries per transaction instead of one request per entry.
 */
export async function seed(store: LedgerStore, fundId: string, from: number, count: number) {
  for (let done = 0; done < count; ) {
    const start = from + done;
    const size = Math.min(BATCH, count - done);
    const batch = Math.floor(start / BATCH);
    await store.append(fundId, {
      idempotencyKey: `seed-${start}`,
      requestHash: fingerprint({ fundId, start, size }),
      prepare: () => ({
        drafts: Array.from({ length: size }, (_, i) => draftAt(fundId, start + i, batch)),
      }),
    });
    done += size;
  }
}

interface Timing {
  ttfb: number;
  total: number;
  bytes: number;
}

/**
 * GET, following a redirect as a browser does: ms to the first byte of the final response (its
 * status line and headers; fetch resolves on them), and to its last byte.
 */
async function timeGet(url: string): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(url, { redirect: 'follow' });
  const ttfb = performance.now() - started;
  if (!response.ok || !response.body) {
    throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  }
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.byteLength;
  return { ttfb, total: performance.now() - started, bytes };
}

interface ExportLinks {
  chunks: { files: Record<'json' | 'csv' | 'journal', string> }[];
}

export async function pagesBench(dynamoEndpoint: string, runs = 25) {
  return withBenchStack({ name: 'pages', dynamoEndpoint }, async (stack) => {
    const { store } = stack.deps;
    const ids = { small: 'bench-20', mid: 'bench-1000', large: 'bench-20000' };
    const seeded = performance.now();
    for (const size of Object.keys(SIZES) as Size[]) {
      await store.createFund(benchFund(ids[size]));
      await seed(store, ids[size], 0, SIZES[size]);
    }
    const seedSeconds = (performance.now() - seeded) / 1000;
    await stack.flushExports();

    const url = (path: string) => `${stack?.url}${path}`;
    const links = async (size: Size) => {
      const response = await fetch(url(`/funds/${ids[size]}/exports`));
      return ((await response.json()) as ExportLinks).chunks;
    };
    const chunks = {
      small: await links('small'),
      mid: await links('mid'),
      large: await links('large'),
    };
    const targets: { name: string; path: (size: Size) => string }[] = [
      { name: 'fund page', path: (s) => `/f/${ids[s]}` },
      { name: `statement ${MONTH}`, path: (s) => `/f/${ids[s]}/statement?month=${MONTH}` },
      { name: 'statement all', path: (s) => `/f/${ids[s]}/statement?month=all` },
      { name: 'report', path: (s) => `/funds/${ids[s]}/report` },
      { name: 'exports index', path: (s) => `/funds/${ids[s]}/exports` },
      ...(['json', 'csv', 'journal'] as const).flatMap((format) => [
        {
          name: `first chunk .${format}`,
          path: (s: Size) => chunks[s][0]?.files[format] ?? '-',
        },
        {
          name: `last chunk .${format}`,
          path: (s: Size) => chunks[s].at(-1)?.files[format] ?? '-',
        },
      ]),
    ];
    const sizes = Object.keys(SIZES) as Size[];
    // Warm-up: loads each handler once (its cold start is measured elsewhere).
    for (let i = 0; i < 3; i++) {
      for (const t of targets) for (const s of sizes) await timeGet(url(t.path(s)));
    }
    const samples = targets.map(() => ({
      small: [] as Timing[],
      mid: [] as Timing[],
      large: [] as Timing[],
    }));
    for (let run = 0; run < runs; run++) {
      for (const [i, t] of targets.entries()) {
        for (const s of sizes) samples[i]?.[s].push(await timeGet(url(t.path(s))));
      }
    }

    console.log(
      `\n== Pages and exports: time to first byte through the local stack, median of ${runs}; funds of 20, 1,000 and 20,000 entries seeded in ${seedSeconds.toFixed(0)} s`,
    );
    console.log(
      `  goal: ms at 20,000 / ms at 20 ≤ ${PAGE_GOAL}. "20k/1k" shows whether a page with a full page of rows still grows with the journal`,
    );
    console.log(
      `  ${'what'.padEnd(20)} ${'at 20'.padStart(9)} ${'at 1,000'.padStart(9)} ${'at 20,000'.padStart(9)} ${'ratio'.padStart(6)}  ${'20k/1k'.padStart(6)}  ${'KiB at 20 / 20,000'.padStart(18)}`,
    );
    const over: string[] = [];
    for (const [i, t] of targets.entries()) {
      const s = samples[i] as (typeof samples)[0];
      const ms = (size: Size) => median(s[size].map((x) => x.ttfb));
      const kib = (size: Size) => ((s[size][0]?.bytes ?? 0) / 1024).toFixed(1);
      const ratio = ms('large') / ms('small');
      if (ratio > PAGE_GOAL) over.push(t.name);
      console.log(
        `  ${t.name.padEnd(20)} ${ms('small').toFixed(1).padStart(9)} ${ms('mid').toFixed(1).padStart(9)} ${ms('large').toFixed(1).padStart(9)} ${ratio.toFixed(2).padStart(6)}${ratio > PAGE_GOAL ? '!' : ' '} ${(ms('large') / ms('mid')).toFixed(2).padStart(6)}  ${`${kib('small')} / ${kib('large')}`.padStart(18)}`,
      );
    }
    console.log(
      over.length
        ? `  over ${PAGE_GOAL} (marked !): ${over.join(', ')}`
        : `  every page and export is within ${PAGE_GOAL}×`,
    );

    await publishBench(store, ids.small, ids.large);
  });
}

/**
 * publish-exports' own work (the use case the handler runs per fund), into a fresh folder: the
 * whole journal from scratch, then one more entry at a time, which should not depend on length.
 */
async function publishBench(store: LedgerStore, small: string, large: string) {
  const dir = mkdtempSync(join(tmpdir(), 'soquy-bench-exports-'));
  try {
    const deps = { store, exports: new DiskExportFiles(dir, '') };
    const time = async (fundId: string) => {
      const started = performance.now();
      await publishExports(deps, fundId);
      return performance.now() - started;
    };
    const fromScratch = { small: await time(small), large: await time(large) };
    const next = { [small]: 20, [large]: 20_000 };
    const incremental = { small: [] as number[], large: [] as number[] };
    for (let i = 0; i < 7; i++) {
      for (const [size, fundId] of [
        ['small', small],
        ['large', large],
      ] as const) {
        await seed(store, fundId, next[fundId] as number, 1);
        next[fundId] = (next[fundId] as number) + 1;
        incremental[size].push(await time(fundId));
      }
    }
    const small1 = median(incremental.small);
    const large1 = median(incremental.large);
    console.log('\n== Publishing exports (publish-exports use case, to disk), DynamoDB Local');
    console.log(
      `  from scratch: 20 entries ${fromScratch.small.toFixed(0)} ms; 20,000 entries ${(fromScratch.large / 1000).toFixed(1)} s (${(fromScratch.large / 20).toFixed(0)} ms per chunk of 1,000)`,
    );
    console.log(
      `  one more entry, median of 7: at 20 ${small1.toFixed(1)} ms, at 20,000 ${large1.toFixed(1)} ms, ratio ${(large1 / small1).toFixed(2)}${large1 / small1 > PAGE_GOAL ? ` (over ${PAGE_GOAL})` : ''}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

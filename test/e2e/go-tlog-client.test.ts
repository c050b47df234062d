import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import { waitForCheckpoint } from '../support/log.ts';
import { repoRoot } from '../support/run.ts';

/**
 * The transparency log read by Go's `golang.org/x/mod/sumdb/tlog` and `sumdb/note`, the packages
 * behind the Go checksum database's own client, from Debian's `golang-golang-x-mod-dev`:
 * `test/fixtures/go-tlog/main.go` checks the checkpoint's signature, authenticates every hash tile
 * against its root with `tlog.TileHashReader`, and proves records and older trees with
 * `ProveRecord`/`CheckRecord` and `ProveTree`/`CheckTree`. No line of soquy's code takes part.
 */

const FUND = 'pu-trang';
/** More than one full tile (256 leaves) so full tiles, partial tiles and a level-1 tile exist. */
const ENTRIES = 260;
const EARLY = 4;
const GO_PROGRAM = 'test/fixtures/go-tlog/main.go';
const GOPATH = '/usr/share/gocode';
const INSTALL = 'apt-get install golang-go golang-golang-x-mod-dev';

let api: Awaited<ReturnType<typeof startTestApi>>;
let goCache: string;
let early: { size: number; root: string };
let latest: { size: number; root: string };

interface GoSummary {
  origin: string;
  size: number;
  root: string;
  entries: number;
  records: { index: number; entry: string }[];
  consistency: { size: number; root: string }[];
  tiles: string[];
  ok: boolean;
}

/** Size and root (lines 2 and 3) of a checkpoint note. */
function checkpointOf(note: string) {
  const [, size = '', root = ''] = note.split('\n');
  return { size: Number(size), root };
}

/** Runs a command in the repository; a missing command is an error, any exit code is not. */
function run(file: string, args: string[], timeout: number) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: repoRoot,
        timeout,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          GO111MODULE: 'off',
          GOPATH,
          GOCACHE: goCache,
          GOFLAGS: '',
          CGO_ENABLED: '0',
        },
      },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
        if (failure?.code === 'ENOENT') {
          reject(new Error(`\`${file}\` is not installed: ${INSTALL} (CI installs them).`));
        } else if (failure && typeof failure.code !== 'number') {
          reject(new Error(`${file} ${args.join(' ')} did not finish: ${failure.message}`));
        } else {
          resolve({ code: typeof failure?.code === 'number' ? failure.code : 0, stdout, stderr });
        }
      },
    );
  });
}

/** Go's client against the local stack's log of FUND, told about the early checkpoint. */
const goClient = () =>
  run('go', ['run', GO_PROGRAM, api.stack.url, FUND, String(early.size), early.root], 240_000);

const pledge = (amount: number) =>
  api.call('POST', `/funds/${FUND}/pledges`, {
    body: {
      donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
      amount,
      method: 'transfer',
    },
    headers: { 'idempotency-key': randomUUID() },
  });

beforeAll(async () => {
  goCache = mkdtempSync(join(tmpdir(), 'soquy-gocache-'));
  api = await startTestApi();
  const admin = await api.token(['admin'], 'admin');
  expect((await api.call('POST', '/funds', { body: puTrangInput(), token: admin })).status).toBe(
    201,
  );
  for (let seq = 1; seq <= EARLY; seq++) {
    expect((await pledge(1_000_000 * seq)).status).toBe(201);
  }
  early = checkpointOf(await waitForCheckpoint(api.stack.url, FUND, EARLY));
  for (let seq = EARLY + 1; seq <= ENTRIES; seq++) {
    const answer = await pledge(100_000 + seq);
    if (answer.status !== 201) throw new Error(`pledge ${seq}: ${answer.status} ${answer.text}`);
  }
  latest = checkpointOf(await waitForCheckpoint(api.stack.url, FUND, ENTRIES, 30_000));
}, 120_000);
afterAll(async () => {
  await api?.stop();
  if (goCache) rmSync(goCache, { recursive: true, force: true });
});

describe("Go's golang.org/x/mod/sumdb/tlog reading the log", () => {
  it('is installed from Debian (golang-go, golang-golang-x-mod-dev)', async () => {
    const version = await run('go', ['version'], 30_000);
    expect(version.code, version.stderr).toBe(0);
    expect(
      existsSync(join(GOPATH, 'src/golang.org/x/mod/sumdb/tlog/tile.go')),
      `golang.org/x/mod is not under ${GOPATH}/src: ${INSTALL} (CI installs them).`,
    ).toBe(true);
  });

  it('verifies the checkpoint, the tiles, inclusion and consistency, and reads the entries', async () => {
    expect(early.size).toBe(EARLY);
    expect(latest.size).toBe(ENTRIES);
    const result = await goClient();
    expect(result.code, `go run ${GO_PROGRAM} failed:\n${result.stderr}`).toBe(0);
    const summary = JSON.parse(result.stdout) as GoSummary;
    expect(summary.ok).toBe(true);
    expect(summary.origin).toBe(`soquy.local/funds/${FUND}`);
    expect(summary.size).toBe(latest.size);
    expect(summary.root).toBe(latest.root);
    expect(summary.entries).toBe(ENTRIES);
    // Full, partial and level-1 hash tiles and both entry bundles were read.
    expect(summary.tiles).toEqual(
      expect.arrayContaining([
        'tile/0/000',
        `tile/0/001.p/${ENTRIES - 256}`,
        'tile/1/000.p/1',
        'tile/entries/000',
        `tile/entries/001.p/${ENTRIES - 256}`,
      ]),
    );
    // Proved consistent with smaller trees and with the early signed checkpoint.
    expect(summary.consistency).toContainEqual(early);
    expect(summary.consistency.map((c) => c.size)).toEqual(
      expect.arrayContaining([1, 256, ENTRIES - 1]),
    );
    // The proved records are the journal's entries, index = seq - 1.
    const journal = (await api.call('GET', `/funds/${FUND}/ledger?limit=1000`)).json.entries;
    expect(journal).toHaveLength(ENTRIES);
    expect(summary.records.map((r) => r.index)).toEqual(
      expect.arrayContaining([0, 255, 256, ENTRIES - 1]),
    );
    for (const record of summary.records) {
      const entry = JSON.parse(record.entry);
      expect(entry.seq, `record ${record.index}`).toBe(record.index + 1);
      expect(entry, `record ${record.index}`).toEqual(journal[record.index]);
    }
  }, 300_000);

  it.each([
    ['a hash tile', 'tile/0/000', /downloaded inconsistent tile/],
    ['an entry bundle', 'tile/entries/000', /does not hash to leaf/],
  ])(
    'fails when %s is tampered with on the server',
    async (_, path, message) => {
      const file = join(api.dataDir, 'log', FUND, ...path.split('/'));
      expect(existsSync(file), `${file}: where the local stack keeps ${path}`).toBe(true);
      const original = readFileSync(file);
      const tampered = Buffer.from(original);
      // A byte inside the first leaf hash, or inside the first entry's JSON (past its length).
      const at = path.includes('entries') ? 40 : 0;
      tampered[at] = (tampered[at] as number) ^ 0x01;
      writeFileSync(file, tampered);
      try {
        const served = await fetch(`${api.stack.url}/funds/${FUND}/log/${path}`);
        expect(Buffer.from(await served.arrayBuffer()).equals(tampered)).toBe(true);
        const result = await goClient();
        expect(result.code, result.stdout).not.toBe(0);
        expect(result.stderr).toMatch(message);
        expect(result.stdout).toBe('');
      } finally {
        writeFileSync(file, original);
      }
      // Put back, the log reads again.
      expect((await goClient()).code).toBe(0);
    },
    300_000,
  );
});

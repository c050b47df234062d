import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  advanceHead,
  canonicalJson,
  type Entry,
  GENESIS_HASH,
  genesisHead,
  hashEntry,
  headTotals,
  verifyJournal,
} from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalReadError, loadJournal } from '../../packages/local/src/published.ts';
import type { Case } from '../fixtures/verifier/generate.ts';
import { startTestApi } from '../support/local-api.ts';
import { repoRoot, runCli } from '../support/run.ts';

const VERIFY = 'packages/local/src/cli/verify.ts';
const FIXTURES = join(repoRoot, 'test/fixtures/verifier');
let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  api = await startTestApi({ demo: true });
});
afterAll(() => api.stop());

/** The export envelope of docs/ledger-format.md, built from what the API publishes. */
/** The fund's published JSON export (one part for a demo fund), with its signed checkpoint. */
async function exportOf(fundId: string) {
  const { parts } = await api.exportOf(fundId, 'json');
  expect(parts).toHaveLength(1);
  return JSON.parse(parts[0]?.text ?? '') as {
    format: string;
    fundId: string;
    head: { seq: number; hash: string; totals: Record<string, number> };
    checkpoint: { note: string; logKey: string };
    entries: Entry[];
  };
}

const save = (name: string, value: unknown) => {
  const file = join(api.dataDir, `${name}-${randomUUID().slice(0, 8)}.json`);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

/** The chain state after `entries`, as an export's head. */
const headAfter = (fundId: string, entries: Entry[]) => {
  const head = entries.reduce((h, e) => advanceHead(h, e), genesisHead(fundId));
  return { seq: head.seq, hash: head.hash, totals: headTotals(head) };
};

/** Entry `seq` rewritten, every later entry re-hashed, and a head re-made to match. */
function forge(exported: Awaited<ReturnType<typeof exportOf>>, seq: number, memo: string) {
  const entries = structuredClone(exported.entries);
  (entries[seq - 1] as Entry).memo = memo;
  for (let i = seq - 1; i < entries.length; i++) {
    const entry = entries[i] as Entry;
    entry.prevHash = i === 0 ? GENESIS_HASH : (entries[i - 1] as Entry).hash;
    const { hash: _old, ...unhashed } = entry;
    entry.hash = hashEntry(unhashed);
  }
  return { ...exported, head: headAfter(exported.fundId, entries), entries };
}

describe('npm run verify', () => {
  it('passes an untouched fund fetched through the API', async () => {
    const run = await runCli(VERIFY, ['--fund', 'pu-trang', '--url', api.stack.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OK: fund pu-trang, 12 entries/);
    expect(run.stdout).toMatch(/received 9500000, spent 9500000, balance 0/);
  });

  it('reads an export file and fails when the file was edited, naming the seq', async () => {
    // Prepare: what the API publishes, saved as a file
    const exported = await exportOf('trung-tam');
    const good = save('good', exported);
    const tampered = structuredClone(exported);
    (tampered.entries[6] as Entry & { donor: { displayName: string } }).donor.displayName =
      'Tổ dân phố 99';
    const bad = save('bad', tampered);
    // Act
    const [ok, failed] = await Promise.all([
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', good]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', bad]),
    ]);
    // Assess
    expect(ok.code).toBe(0);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/first bad seq 7 \(hash\)/);
    expect(failed.stderr).toMatch(/6 entries before it are intact/);
  });

  it('catches an amount edited in DynamoDB behind the API at that seq', async () => {
    // Prepare: a raw UpdateItem with an admin client, as a dishonest operator could
    await api.doc.send(
      new UpdateCommand({
        TableName: api.stack.tables.journal,
        Key: { fundId: 'duc-pho', seq: 5 },
        UpdateExpression: 'SET postings[0].amount = :more, postings[1].amount = :less',
        ExpressionAttributeValues: { ':more': 1_000_000, ':less': -1_000_000 },
      }),
    );
    // Act
    const run = await runCli(VERIFY, ['--fund', 'duc-pho', '--url', api.stack.url]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/first bad seq 5 \(hash\)/);
    expect(run.stderr).toMatch(/4 entries before it are intact/);
  });

  it('prints its help and exits 0 with --help or -h', async () => {
    const [long, short] = await Promise.all([runCli(VERIFY, ['--help']), runCli(VERIFY, ['-h'])]);
    for (const run of [long, short]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/usage: npm run verify -- --fund FUND_ID/);
      expect(run.stdout).toMatch(/--anchor SEQ:HASH/);
      expect(run.stdout).toMatch(/Exit status: 0/);
    }
  });

  it('exits 2 with the usage, not a stack trace, for missing or unknown arguments', async () => {
    const runs = await Promise.all([
      runCli(VERIFY, []),
      runCli(VERIFY, ['--fund', 'pu-trang', '--frobnicate']),
      runCli(VERIFY, ['--fund', 'pu-trang', '--anchor', '3:abc']),
      runCli(VERIFY, ['--fund', 'pu-trang', '--anchor', `0:${'a'.repeat(64)}`]),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/usage: npm run verify -- --fund/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 when the file or the server cannot be read as a journal', async () => {
    const exported = await exportOf('trung-tam');
    const runs = await Promise.all([
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', join(api.dataDir, 'missing.json')]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', save('not-json', '{"format":')]),
      runCli(VERIFY, ['--fund', 'pu-trang', '--file', save('other-fund', exported)]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--url', 'http://127.0.0.1:9']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Could not read the journal/);
    }
    expect(runs[2]?.stderr).toMatch(/journal of fund "trung-tam", not "pu-trang"/);
  });

  it('with --file and --url, checks the file against the live head, entries written since included', async () => {
    // Prepare: an export, then a pledge made after it; and a consistent forgery of the export
    const fundId = 'trung-tam';
    const exported = await exportOf(fundId);
    const oldFile = save('old', exported);
    const forgedFile = save('forged', forge(exported, 3, 'Sửa lại'));
    const pledged = await api.call('POST', `/funds/${fundId}/pledges`, {
      body: {
        donor: { name: 'Hộ ông Bình', kind: 'household', showName: true },
        amount: 100_000,
        method: 'cash',
      },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(pledged.status).toBe(201);
    const live = exported.head.seq + 1;
    // Act
    const [alone, checked, forgedAlone, forgedLive] = await Promise.all([
      runCli(VERIFY, ['--fund', fundId, '--file', oldFile]),
      runCli(VERIFY, ['--fund', fundId, '--file', oldFile, '--url', api.stack.url]),
      runCli(VERIFY, ['--fund', fundId, '--file', forgedFile]),
      runCli(VERIFY, ['--fund', fundId, '--file', forgedFile, '--url', api.stack.url]),
    ]);
    // Assess: the old export is intact and leads to the live head
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(new RegExp(`OK: fund ${fundId}, ${live - 1} entries`));
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(
      new RegExp(`OK: fund ${fundId}, ${live} entries \\(${live - 1} from 1 file\\(s\\), 1 from `),
    );
    expect(checked.stdout).toMatch(/match the live head/);
    // Assess: a forgery consistent in itself no longer passes, even alone: its end does not
    // match the signed checkpoint the export carries
    expect(forgedAlone.code).toBe(1);
    expect(forgedAlone.stderr).toMatch(/\(checkpoint\)/);
    expect(forgedLive.code).toBe(1);
    expect(forgedLive.stderr).toMatch(/\(checkpoint\)|\(prev_hash\)/);
  });

  it('checks saved hashes given with --anchor SEQ:HASH, naming the first that differs', async () => {
    // Prepare: receipts a donor kept for seqs 2 and 5, and a chain rewritten from seq 3
    const exported = await exportOf('trung-tam');
    const receipt = (seq: number) => `${seq}:${(exported.entries[seq - 1] as Entry).hash}`;
    const forged = save('rewritten', forge(exported, 3, 'Sửa lại'));
    const good = save('receipts-good', exported);
    // Act
    const [rewritten, intact, upper] = await Promise.all([
      runCli(VERIFY, [
        '--fund',
        'trung-tam',
        '--file',
        forged,
        '--anchor',
        receipt(2),
        '--anchor',
        receipt(5),
      ]),
      runCli(VERIFY, [
        '--fund',
        'trung-tam',
        '--file',
        good,
        '--anchor',
        receipt(2),
        '--anchor',
        receipt(5),
      ]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', good, '--anchor', receipt(4).toUpperCase()]),
    ]);
    // Assess
    expect(rewritten.code).toBe(1);
    expect(rewritten.stderr).toMatch(/first bad seq 5 \(anchor\)/);
    expect(rewritten.stderr).toMatch(/seq 5 or an entry before it was rewritten/);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/2 saved hash\(es\) match/);
    expect(upper.code).toBe(0);
  });

  it('reports the head seq, not the one after it, when the chain was rewritten and the old head kept', async () => {
    // Prepare: a rewrite from seq 3 re-hashed to the end, under the head the server published
    const exported = await exportOf('trung-tam');
    const rewritten = { ...forge(exported, 3, 'Sửa lại'), head: exported.head };
    // Act
    const run = await runCli(VERIFY, [
      '--fund',
      'trung-tam',
      '--file',
      save('old-head', rewritten),
    ]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`first bad seq ${exported.head.seq} \\(head_mismatch\\)`),
    );
  });

  it('reads an export in parts given in any order, checking each part’s head', async () => {
    // Prepare
    const exported = await exportOf('trung-tam');
    const cut = 5;
    const first = exported.entries.slice(0, cut);
    const rest = exported.entries.slice(cut);
    // The first part as an older export (format 1, no checkpoint); the last carries the
    // signed checkpoint of the whole journal
    const { checkpoint: _checkpoint, ...unsigned } = exported;
    const part1 = save('part-1', {
      ...unsigned,
      format: 'soquy-journal/1',
      head: headAfter('trung-tam', first),
      entries: first,
    });
    const part2 = save('part-2', { ...exported, entries: rest });
    const badPart1 = save('bad-part-1', {
      ...unsigned,
      format: 'soquy-journal/1',
      head: exported.head,
      entries: first,
    });
    // Act
    const [ordered, reversed, oneMissing, badHead] = await Promise.all([
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', part1, '--file', part2]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', part2, '--file', part1]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', part2]),
      runCli(VERIFY, ['--fund', 'trung-tam', '--file', badPart1, '--file', part2]),
    ]);
    // Assess
    expect(ordered.code).toBe(0);
    expect(ordered.stdout).toMatch(new RegExp(`${exported.entries.length} entries`));
    expect(reversed.code).toBe(0);
    expect(oneMissing.code).toBe(1);
    expect(oneMissing.stderr).toMatch(/first bad seq 1 \(gap\)/);
    expect(badHead.code).toBe(1);
    expect(badHead.stderr).toMatch(new RegExp(`first bad seq ${cut} \\(head_mismatch\\)`));
  });
});

describe('the sample journals of test/fixtures/verifier', () => {
  const { fundId, cases } = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as {
    fundId: string;
    cases: Case[];
  };
  const anchorsOf = (c: Case) =>
    (c.anchors ?? []).map((a) => {
      const [seq, hash] = a.split(':');
      return { seq: Number(seq), hash: hash as string };
    });

  it.each(cases.map((c) => [c.name, c] as const))('%s gets its verdict', async (_, c) => {
    // Act: what npm run verify does, in-process
    let verdict: unknown;
    try {
      const journal = await loadJournal({ fundId, files: c.files.map((f) => join(FIXTURES, f)) });
      const report = verifyJournal(fundId, journal.entries, journal.head, {
        anchors: anchorsOf(c),
        partHeads: journal.partHeads,
      });
      verdict = report.problem
        ? { exit: 1, seq: report.problem.seq, reason: report.problem.reason }
        : { exit: 0 };
    } catch (error) {
      if (!(error instanceof JournalReadError)) throw error;
      verdict = { exit: 2 };
    }
    // Assess
    expect(verdict).toEqual(c.verdict);
  });

  it('gets the same verdicts through the command line', async () => {
    const picked = [
      'intact',
      'numbers-with-fraction',
      'rewritten-with-receipts',
      'parts',
      'repeated-member',
    ];
    const runs = await Promise.all(
      picked.map((name) => {
        const c = cases.find((x) => x.name === name) as Case;
        const args = ['--fund', fundId];
        for (const file of c.files) args.push('--file', join(FIXTURES, file));
        for (const anchor of c.anchors ?? []) args.push('--anchor', anchor);
        return runCli(VERIFY, args).then((run) => ({ run, c }));
      }),
    );
    for (const { run, c } of runs) {
      expect(run.code, c.name).toBe(c.verdict.exit);
      if (c.verdict.exit === 1) {
        expect(run.stderr).toContain(`first bad seq ${c.verdict.seq} (${c.verdict.reason})`);
      }
    }
  });
});

describe('docs/ledger-format.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs/ledger-format.md'), 'utf8');
  /** The fenced code blocks of the page with the language `lang` ('' for none). */
  const blocks = (lang: string) => {
    const found: string[] = [];
    let open: { lang: string; lines: string[] } | undefined;
    for (const line of doc.split('\n')) {
      if (!open && line.startsWith('```')) open = { lang: line.slice(3).trim(), lines: [] };
      else if (open && line === '```') {
        if (open.lang === lang) found.push(open.lines.join('\n'));
        open = undefined;
      } else open?.lines.push(line);
    }
    return found;
  };

  it('shows two example entries that form a valid journal, with their canonical lines and hashes', () => {
    // Prepare: the JSON examples that are entries, and the one-line canonical forms
    const entries = blocks('json')
      .filter((b) => b.includes('"prevHash"'))
      .map((b) => JSON.parse(b) as Entry);
    const lines = blocks('')
      .filter((b) => b.startsWith('{"donor"'))
      .map((b) => b.trim());
    // Act
    const report = verifyJournal('pu-trang', entries);
    // Assess
    expect(entries).toHaveLength(2);
    expect(report.ok).toBe(true);
    expect(lines).toEqual(
      entries.map((e) => {
        const { hash: _hash, ...unhashed } = e;
        return canonicalJson(unhashed);
      }),
    );
    for (const e of entries) expect(doc).toContain(`\`${e.hash}\``);
  });
});

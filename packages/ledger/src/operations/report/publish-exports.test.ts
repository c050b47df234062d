import { describe, expect, it } from 'vitest';
import { fixedSigner } from '../../../../../test/fixtures/log/keys.ts';
import type { ExportDeps, ExportFile } from '../../ports/export-files.ts';
import type { LedgerStore } from '../../ports/ledger-store.ts';
import type { SignedCheckpoint } from '../../ports/transparency-log.ts';
import { donationDraft } from '../../primitives/drafts.ts';
import type { Entry } from '../../primitives/entry.ts';
import type { Head } from '../../primitives/head.ts';
import { entryLeafHash, rootOf, toBase64 } from '../../primitives/merkle.ts';
import { checkpointText, signNote, totalsLine } from '../../primitives/signed-note.ts';
import { base, chain, puTrangFund } from '../../primitives/test-fixtures.ts';
import type { FundTotals } from '../../primitives/totals.ts';
import { verifyJournal } from '../../primitives/verify.ts';
import { csvCell, journalCsv } from './exports.ts';
import { EXPORT_CHUNK_ENTRIES, publishExports } from './publish-exports.ts';

const FUND = 'pu-trang';

/** A journal of n gifts of 1,000 đồng each, and the head after it. */
function giftJournal(n: number, name = 'Hộ ông Ba') {
  return chain(
    FUND,
    Array.from({ length: n }, (_, i) =>
      donationDraft(base(`g${i + 1}`), {
        donor: { id: `d${i}`, displayName: name, kind: 'household' },
        amount: 1_000,
        method: 'cash',
      }),
    ),
  );
}

/** The two ports publishing touches: the journal (read only) and the export files (in memory). */
function fakeDeps(journal: { entries: Entry[]; head: Head }) {
  const files = new Map<string, ExportFile>();
  const writes: string[] = [];
  let reads = 0;
  const live = { entries: journal.entries, head: journal.head };
  const store = {
    getFund: async () => ({ fund: puTrangFund, head: live.head }),
    readEntries: async (_: string, range: { after: number; limit: number }) => {
      reads += 1;
      return live.entries.filter((e) => e.seq > range.after).slice(0, range.limit);
    },
  } as unknown as LedgerStore;
  const deps: ExportDeps = {
    store,
    exports: {
      read: async (_, name) => files.get(name)?.body,
      write: async (_, file) => {
        writes.push(file.name);
        files.set(file.name, file);
      },
      linkTo: async (fundId, name) => `/files/${fundId}/${name}`,
    },
  };
  const grow = (next: { entries: Entry[]; head: Head }) => {
    live.entries = next.entries;
    live.head = next.head;
  };
  return { deps, files, writes, grow, reads: () => reads };
}

describe('publishExports', () => {
  it('splits 2,050 entries into two closed chunks of 1,000 and an open one of 50 that verify end to end', async () => {
    // Prepare
    const journal = giftJournal(2 * EXPORT_CHUNK_ENTRIES + 50);
    const { deps, files } = fakeDeps(journal);
    // Act
    const index = await publishExports(deps, FUND);
    // Assess: ranges, closure, names
    expect(index.chunks.map((c) => [c.first, c.last, c.closed])).toEqual([
      [1, 1000, true],
      [1001, 2000, true],
      [2001, 2050, false],
    ]);
    expect(index.chunks[0]?.files.csv).toBe('journal-000000001-000001000.csv');
    expect(index.chunks[2]?.files.json).toBe('journal-open.json');
    expect(index.published).toMatchObject({ seq: 2050, hash: journal.head.hash });
    expect(index.published.totals.received).toBe(2_050_000);
    expect(files.get('journal-000000001-000001000.json')?.immutable).toBe(true);
    expect(files.get('journal-open.csv')?.immutable).toBe(false);
    // Assess: the JSON chunks, concatenated, are the journal, and each chunk's head is its end
    const parts = index.chunks.map((c) => JSON.parse(files.get(c.files.json)?.body ?? '{}'));
    expect(parts[0].head).toMatchObject({ seq: 1000, totals: { received: 1_000_000 } });
    const entries = parts.flatMap((p) => p.entries);
    const verdict = verifyJournal(FUND, entries, parts[2].head);
    expect(verdict.problem).toBeUndefined();
    expect(verdict).toMatchObject({ ok: true, checked: 2050 });
  });

  it('rewrites only the open chunk and the index as the journal grows, never a closed chunk', async () => {
    // Prepare
    const before = giftJournal(EXPORT_CHUNK_ENTRIES + 10);
    const { deps, writes, grow } = fakeDeps(before);
    await publishExports(deps, FUND);
    writes.length = 0;
    // Act: 995 more entries, so the open chunk fills up and a new one opens
    grow(giftJournal(2 * EXPORT_CHUNK_ENTRIES + 5));
    const index = await publishExports(deps, FUND);
    // Assess
    expect(writes).not.toContain('journal-000000001-000001000.json');
    expect(writes).toContain('journal-000001001-000002000.json');
    expect(writes).toContain('journal-open.json');
    expect(writes.at(-1)).toBe('index.json');
    expect(index.chunks.map((c) => c.last)).toEqual([1000, 2000, 2005]);
    expect(index.closedBalances['assets:cash']).toBe(2_000_000);
  });

  it('reads nothing from the journal when the exports are already at the head', async () => {
    // Prepare
    const { deps, reads } = fakeDeps(giftJournal(30));
    await publishExports(deps, FUND);
    const readsAfterFirst = reads();
    // Act
    const index = await publishExports(deps, FUND);
    // Assess
    expect(reads()).toBe(readsAfterFirst);
    expect(index.published.seq).toBe(30);
  });
});

describe('publishExports with checkpoints', () => {
  const signer = fixedSigner();

  /** checkpointAt as the log answers it: the signed note of exactly `size`, recording each call. */
  function checkpointsOf(entries: Entry[]) {
    const asked: number[] = [];
    const checkpointAt = async (size: number, totals: FundTotals): Promise<SignedCheckpoint> => {
      asked.push(size);
      const root = rootOf(entries.slice(0, size).map(entryLeafHash));
      const text = checkpointText({
        origin: `soquy.test/funds/${FUND}`,
        size,
        root,
        extensions: [totalsLine(totals)],
      });
      return {
        fundId: FUND,
        size,
        root: toBase64(root),
        note: await signNote(text, signer),
        signedAt: '2026-11-20T03:00:00.000Z',
      };
    };
    return { asked, checkpointAt };
  }

  it('writes soquy-journal/2 parts, each with the checkpoint of its last seq, up to upTo only', async () => {
    // Prepare: 1,030 entries, of which the log has checkpointed 1,020
    const journal = giftJournal(EXPORT_CHUNK_ENTRIES + 30);
    const { deps, files } = fakeDeps(journal);
    const { asked, checkpointAt } = checkpointsOf(journal.entries);
    // Act
    const index = await publishExports(deps, FUND, {
      upTo: EXPORT_CHUNK_ENTRIES + 20,
      checkpointAt,
      logKey: signer.vkey,
    });
    // Assess: the closed chunk got a historical checkpoint, the open one that of upTo
    expect(asked).toEqual([1000, 1020]);
    expect(index.published.seq).toBe(1020);
    const parts = index.chunks.map((c) => JSON.parse(files.get(c.files.json)?.body ?? '{}'));
    expect(parts.map((p) => [p.format, p.head.seq, p.checkpoint.logKey])).toEqual([
      ['soquy-journal/2', 1000, signer.vkey],
      ['soquy-journal/2', 1020, signer.vkey],
    ]);
    expect(parts[1].checkpoint.note).toMatch(/^soquy\.test\/funds\/pu-trang\n1020\n/);
    // Assess: the verifier checks both checkpoints, and the root of all 1,020 entries
    const entries = parts.flatMap((p) => p.entries);
    const report = verifyJournal(FUND, entries, parts[1].head, {
      logKey: signer.vkey,
      partHeads: [
        {
          after: 999,
          head: { ...parts[0].head, checkpoint: parts[0].checkpoint },
          label: 'part 1',
        },
      ],
    });
    expect(report.problem).toBeUndefined();
    const last = verifyJournal(FUND, entries, {
      ...parts[1].head,
      checkpoint: parts[1].checkpoint,
    });
    expect(last.ok).toBe(true);
    expect(last.checkpoints.map((c) => c.size)).toEqual([1020]);
  });

  it('refuses checkpoints without the log key to write beside them, writing nothing', async () => {
    const journal = giftJournal(3);
    const { deps, writes } = fakeDeps(journal);
    const { checkpointAt } = checkpointsOf(journal.entries);
    await expect(publishExports(deps, FUND, { checkpointAt })).rejects.toThrow(/log key/);
    expect(writes).toEqual([]);
  });

  it('keeps writing soquy-journal/1 without options, as before', async () => {
    const { deps, files } = fakeDeps(giftJournal(3));
    await publishExports(deps, FUND);
    const part = JSON.parse(files.get('journal-open.json')?.body ?? '{}');
    expect(part.format).toBe('soquy-journal/1');
    expect(Object.keys(part).sort()).toEqual(['entries', 'format', 'fundId', 'head']);
  });
});

describe('CSV cells', () => {
  it('neutralises text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    // Act / Assess
    expect(csvCell('=HYPERLINK("http://evil.example","Click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""Click"")"`,
    );
    for (const start of ['+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`).startsWith(`"'${start}`)).toBe(true);
    }
    expect(csvCell(-500_000)).toBe('-500000');
    expect(csvCell('Hộ ông Ba')).toBe('Hộ ông Ba');
  });

  it('writes a donor named like a formula as plain text in export.csv', () => {
    // Prepare
    const { entries } = giftJournal(1, '=HYPERLINK("http://evil.example","Click")');
    // Act
    const row = journalCsv(entries).split('\r\n')[1] ?? '';
    // Assess: the donor cell starts with an apostrophe inside quotes, never with "="
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(row.split(',').some((cell) => cell.startsWith('='))).toBe(false);
  });
});

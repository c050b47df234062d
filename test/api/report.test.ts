import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  advanceHead,
  aggregatesOf,
  type Entry,
  genesisHead,
  totalsFromBalances,
} from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { runCli } from '../support/run.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  api = await startTestApi({ demo: true });
});
afterAll(() => api.stop());

const journalOf = async (fundId: string) =>
  (await api.call('GET', `/funds/${fundId}/ledger?limit=1000`)).json.entries as Entry[];

/** The report's figures recomputed by folding every entry from genesis, independently of the head. */
function fold(fundId: string, entries: Entry[]) {
  let head = genesisHead(fundId);
  const donors = new Map<string, { name: string; pledged: number; received: number }>();
  const payees = new Map<string, number>();
  for (const entry of entries) {
    head = advanceHead(head, entry);
    for (const row of aggregatesOf(entry).rows) {
      if (row.list === 'donors') {
        const d = donors.get(row.key) ?? { name: row.label, pledged: 0, received: 0 };
        donors.set(row.key, {
          name: row.label,
          pledged: d.pledged + (row.add.pledged ?? 0),
          received: d.received + (row.add.received ?? 0),
        });
      } else {
        payees.set(row.label, (payees.get(row.label) ?? 0) + (row.add.spent ?? 0));
      }
    }
  }
  return { head, donors, payees };
}

describe('GET /funds/{fundId}/report', () => {
  it.each(['duc-pho', 'pu-trang', 'trung-tam'])(
    'equals a fold of the journal for %s',
    async (fundId) => {
      // Prepare
      const entries = await journalOf(fundId);
      const { head, donors, payees } = fold(fundId, entries);
      // Act
      const report = (await api.call('GET', `/funds/${fundId}/report`)).json;
      // Assess
      expect(report.totals).toEqual(totalsFromBalances(head.balances));
      expect(report.head).toEqual({ seq: head.seq, hash: head.hash });
      for (const c of report.spendingByCategory)
        expect(c.amount).toBe(head.balances[`expenses:${c.category}`] ?? 0);
      expect(report.byMonth.reduce((s: number, m: any) => s + m.received, 0)).toBe(
        report.totals.received,
      );
      expect(report.byMonth.reduce((s: number, m: any) => s + m.spent, 0)).toBe(
        report.totals.spent,
      );
      const byKind = report.incomeByDonorKind.reduce((s: number, k: any) => s + k.amount, 0);
      expect(byKind).toBe(report.totals.received);
      const named = report.donors.reduce((s: number, d: any) => s + d.received, 0);
      expect(named + report.anonymous.received).toBe(report.totals.received);
      expect(report.donors.map((d: any) => d.name).sort()).toEqual(
        [...donors.values()].map((d) => d.name).sort(),
      );
      expect(report.payees.reduce((s: number, p: any) => s + p.spent, 0)).toBe(report.totals.spent);
      expect(Object.fromEntries(report.payees.map((p: any) => [p.name, p.spent]))).toEqual(
        Object.fromEntries(payees),
      );
    },
  );

  it('shows goal progress and the public business pledges, pledged against paid', async () => {
    const report = (await api.call('GET', '/funds/duc-pho/report')).json;
    expect(report.goal).toEqual({
      amount: 500_000_000,
      received: 484_500_000,
      remaining: 15_500_000,
      percent: 96,
    });
    expect(report.businesses).toContainEqual({
      name: 'Công ty CP Xây dựng Phổ Thạnh',
      pledged: 80_000_000,
      paid: 50_000_000,
    });
    expect(report.anonymous.received).toBe(10_000_000);
    expect(report.donors.map((d: any) => d.name)).not.toContain('Ẩn danh');
  });

  it('pages the donor list', async () => {
    const first = (await api.call('GET', '/funds/duc-pho/report?limit=3')).json;
    expect(first.donors).toHaveLength(3);
    const second = (
      await api.call(
        'GET',
        `/funds/duc-pho/report?limit=3&donorsAfter=${encodeURIComponent(first.donorsNext)}`,
      )
    ).json;
    expect(second.donors.map((d: any) => d.name)).not.toContain(first.donors[0].name);
    expect(second.totals).toEqual(first.totals);
  });

  it('answers 404 for an unknown fund and 400 for a bad page size', async () => {
    expect((await api.call('GET', '/funds/khong-co/report')).status).toBe(404);
    expect((await api.call('GET', '/funds/duc-pho/report?limit=0')).status).toBe(400);
  });
});

describe('exports', () => {
  it('the index lists the published chunk, whose JSON is what npm run verify -- --file checks', async () => {
    const { index, parts } = await api.exportOf('pu-trang', 'json');
    expect(index).toMatchObject({
      format: 'soquy-exports/1',
      fundId: 'pu-trang',
      head: { seq: 12 },
      published: { seq: 12 },
      chunks: [{ first: 1, last: 12, closed: false }],
    });
    const text = parts[0]?.text ?? '';
    const exported = JSON.parse(text);
    expect(exported).toMatchObject({
      fundId: 'pu-trang',
      format: 'soquy-journal/2',
      head: { seq: 12 },
    });
    // The export carries the signed checkpoint of its head: size 12, the log's key.
    expect(exported.checkpoint.note.split('\n').slice(0, 2)).toEqual([
      'soquy.local/funds/pu-trang',
      '12',
    ]);
    expect(exported.checkpoint.logKey).toBe(api.stack.logKey);
    const file = join(api.dataDir, 'pu-trang.json');
    writeFileSync(file, text);
    const run = await runCli('packages/local/src/cli/verify.ts', [
      '--fund',
      'pu-trang',
      '--file',
      file,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OK: fund pu-trang, 12 entries/);
  });

  it('the fund page links the published files, and a link leads to the file', async () => {
    // Prepare
    await api.stack.flushExports();
    // Act
    const page = await api.call('GET', '/f/pu-trang');
    const link = /id="downloads"><li>seq 1–12: <a href="([^"]+)">JSON<\/a>/.exec(page.text)?.[1];
    const file = await api.call('GET', link ?? '/missing');
    // Assess
    expect(link).toBe('/funds/pu-trang/exports/journal-open.json');
    expect(file.json.entries).toHaveLength(12);
    expect(file.json.head.seq).toBe(12);
  });

  it('the CSV export is UTF-8 with a BOM and one row per entry', async () => {
    await api.stack.flushExports();
    const index = (await api.call('GET', '/funds/duc-pho/exports')).json;
    const response = await fetch(`${api.stack.url}${index.chunks[0].files.csv}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^seq,date,occurred_at,kind,donor,payee,memo,received,spent/);
    expect(lines).toHaveLength(1 + 17);
    expect(lines[1]).toContain('Công ty TNHH Thủy sản Sa Huỳnh');
    expect(response.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
  });

  it('the hledger export opens in hledger, whose balances agree with the report', async () => {
    // Prepare
    const text = (await api.exportOf('duc-pho', 'journal')).parts.map((p) => p.text).join('');
    const file = join(api.dataDir, 'duc-pho.journal');
    writeFileSync(file, text);
    // Act: Debian's hledger, as an accountant would run it
    const csv = execFileSync(
      'hledger',
      ['-f', file, 'balance', '--flat', '--no-total', '-O', 'csv'],
      { encoding: 'utf8' },
    );
    // Assess
    const balances = Object.fromEntries(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [account, amount] = line.split('","').map((cell) => cell.replaceAll('"', ''));
          return [account, Number((amount as string).replace(/[^\d-]/g, ''))];
        }),
    );
    const report = (await api.call('GET', '/funds/duc-pho/report')).json;
    expect(balances['assets:bank'] + balances['assets:cash']).toBe(report.totals.balance);
    expect(-balances['income:pledged']).toBe(report.totals.pledged);
    expect(balances['assets:pledges']).toBe(report.totals.outstanding);
    expect(balances['expenses:rewards']).toBe(45_000_000);
    expect(
      balances['expenses:rewards'] + balances['expenses:support'] + balances['expenses:movement'],
    ).toBe(report.totals.spent);
    const register = execFileSync('hledger', ['-f', file, 'print', 'tag:seq=17'], {
      encoding: 'utf8',
    });
    expect(register).toContain('expenses:movement');
  });
});

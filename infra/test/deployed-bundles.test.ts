import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleAsDeployed, deployedEnv } from '../../bench/cold-start.ts';

const root = join(import.meta.dirname, '..', '..');
// Inside the repository, where the SDK resolves from node_modules as Lambda's runtime provides it.
mkdirSync(join(root, '.bench'), { recursive: true });
const built = mkdtempSync(join(root, '.bench', 'deployed-bundles-'));
const copies: string[] = [built];

/**
 * Each function is bundled the way the stack deploys it (infra/lib/bundling.ts): split, the mail
 * stack and the statement readers in chunks beside index.mjs that load on first use. These run
 * the deployed folders in a fresh node: the function starts, and the chunk it loads on the first
 * mail or statement works from the folder alone (fonts beside it, nothing from node_modules).
 */
function bundled(fn: string) {
  const dir = bundleAsDeployed(built, fn, join(root, 'functions', fn, 'handler.ts'));
  const { outputs } = JSON.parse(readFileSync(`${dir}.meta.json`, 'utf8')) as Metafile;
  /** The chunk file that exports `name` (what the function imports on first use). */
  const chunkExporting = (name: string) => {
    const path = Object.keys(outputs).find((o) => outputs[o]?.exports.includes(name));
    if (!path) throw new Error(`no chunk of ${fn} exports ${name}`);
    return path.split('/').pop() as string;
  };
  // The packages index.mjs and the chunks it imports statically bundle: parsed at start.
  const atStart = new Set<string>();
  const visit = (path: string) => {
    if (atStart.has(path)) return;
    atStart.add(path);
    for (const i of outputs[path]?.imports ?? []) {
      if (!i.external && i.kind === 'import-statement') visit(i.path);
    }
  };
  visit(Object.keys(outputs).find((o) => o.endsWith('/index.mjs')) as string);
  const packagesAtStart = [...atStart].flatMap((o) =>
    Object.keys(outputs[o]?.inputs ?? {}).map(
      (i) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(i)?.[1],
    ),
  );
  return { dir, chunkExporting, packagesAtStart };
}

/** Runs `script` (ESM) in a fresh node in `cwd` with the function's deployed environment. */
function run(fn: string, cwd: string, script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...deployedEnv(fn) },
  });
}

/** The asset folder copied outside the repository: no node_modules to fall back on. */
function detached(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'soquy-asset-'));
  cpSync(dir, copy, { recursive: true });
  copies.push(copy);
  return copy;
}

afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

describe('functions as deployed (split bundles)', () => {
  it('send-mail starts without the mail stack and draws a receipt PDF with the fonts beside it', () => {
    // Prepare
    const { dir, chunkExporting, packagesAtStart } = bundled('send-mail');
    const mailChunk = chunkExporting('createMailer');
    const start = `await import('./index.mjs'); process.stdout.write('started');`;
    const notice = {
      kind: 'receipt',
      to: 'hoa@example.vn',
      fundId: 'pu-trang',
      fundName: 'Quỹ an ninh Pú Trạng',
      donorName: 'Chị Nguyễn Thị Hoà',
      pledgeId: 'p-1',
      reference: 'SQ7K2QXA',
      amount: 300_000,
      method: 'cash',
      receivedAt: '2026-11-20T03:00:00.000Z',
      seq: 12,
      hash: 'a'.repeat(64),
      pledgeAmount: 500_000,
      paid: 300_000,
      outstanding: 200_000,
      pledgeUrl: 'https://quy.example.vn/p/p-1?t=x',
      verifyUrl: 'https://quy.example.vn/funds/pu-trang/verify?seq=12',
    };
    const send = `
      const { createMailer } = await import('./${mailChunk}');
      let mail;
      await createMailer({ deliver: async (m) => { mail = m; } }, 'Soquy <no-reply@quy.example.vn>')
        .send(${JSON.stringify(notice)});
      const [pdf] = mail.attachments;
      process.stdout.write(JSON.stringify({ subject: mail.subject, type: pdf.contentType,
        head: pdf.content.subarray(0, 5).toString('latin1'),
        fonts: [...new Set(pdf.content.toString('latin1').match(/DejaVuSans[-\\w]*/g))] }));`;
    // Act
    const started = run('send-mail', dir, start);
    const sent = JSON.parse(run('send-mail', detached(dir), send));
    // Assess
    expect(mailChunk).not.toBe('index.mjs');
    expect(packagesAtStart).not.toContain('pdfkit');
    expect(packagesAtStart).not.toContain('nodemailer');
    expect(started).toBe('started');
    expect(sent.subject).toContain('SQ7K2QXA');
    expect(sent.subject).toContain('300.000');
    expect(sent.type).toBe('application/pdf');
    expect(sent.head).toBe('%PDF-');
    expect(sent.fonts).toEqual(expect.arrayContaining(['DejaVuSans', 'DejaVuSans-Bold']));
  }, 60_000);

  it('import-statements starts without the readers and reads an Excel and an old .xls statement', () => {
    // Prepare
    const { dir, chunkExporting, packagesAtStart } = bundled('import-statements');
    const readers = chunkExporting('scanStatement');
    const fixtures = join(root, 'packages', 'bank', 'test', 'fixtures');
    const read = `
      import { createReadStream } from 'node:fs';
      const { scanStatement, readStatementLines } = await import('./${readers}');
      const out = {};
      for (const file of ['vietcombank.xlsx', 'agribank.xls']) {
        const open = () => createReadStream(${JSON.stringify(fixtures)} + '/' + file);
        const summary = await scanStatement(open);
        const lines = [];
        for await (const chunk of readStatementLines(open)) lines.push(...chunk);
        out[file] = { summary, first: lines[0], count: lines.length };
      }
      process.stdout.write(JSON.stringify(out));`;
    // Act
    const started = run(
      'import-statements',
      dir,
      `await import('./index.mjs'); process.stdout.write('started');`,
    );
    const statements = JSON.parse(run('import-statements', detached(dir), read));
    // Assess
    expect(readers).not.toBe('index.mjs');
    expect(packagesAtStart).not.toContain('exceljs');
    expect(packagesAtStart).not.toContain('@e965/xlsx');
    expect(started).toBe('started');
    const vcb = statements['vietcombank.xlsx'];
    expect(vcb.summary).toMatchObject({ bank: 'vietcombank', format: 'xlsx' });
    expect(vcb.count).toBe(vcb.summary.lines);
    expect(vcb.first).toMatchObject({
      accountNumber: '4300201009999',
      direction: 'in',
      amount: 500_000,
      bookedAt: '2024-09-08T17:00:00.000Z',
    });
    const agribank = statements['agribank.xls'];
    expect(agribank.summary).toMatchObject({ bank: 'agribank', format: 'xls' });
    expect(agribank.count).toBeGreaterThan(0);
    expect(agribank.count).toBe(agribank.summary.lines);
  }, 60_000);
});

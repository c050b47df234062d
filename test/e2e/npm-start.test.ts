import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@soquy/local';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run.ts';

/** True once no process of the group is left. */
async function groupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('npm start', () => {
  it('starts DynamoDB Local and the API with demo data, and Ctrl-C stops both', async () => {
    // Prepare
    const port = await freePort();
    const child = spawn('npm', ['start', '--', '--in-memory'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'silent',
        SOQUY_DATA_DIR: mkdtempSync(join(tmpdir(), 'soquy-start-')),
      },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      for (let i = 0; i < 240 && !output.includes('Ctrl-C stops everything'); i++) {
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(output).toContain('Ctrl-C stops everything');
      // Act
      const funds = (await (await fetch(`http://127.0.0.1:${port}/funds`)).json()) as {
        funds: { id: string; totals: Record<string, number> }[];
      };
      const dynamoUrl = /DynamoDB\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const token = /export TOKEN=(\S+)/.exec(output)?.[1];
      // Assess
      const byId = Object.fromEntries(funds.funds.map((f) => [f.id, f]));
      expect(Object.keys(byId).sort()).toEqual(['duc-pho', 'pu-trang', 'trung-tam']);
      expect(byId['pu-trang']?.totals.received).toBe(9_500_000);
      expect(byId['trung-tam']?.totals.spent).toBe(72_000_000);
      expect(byId['duc-pho']?.totals.received).toBeGreaterThan(484_000_000);
      expect(token).toMatch(/^ey/);
      expect(dynamoUrl).toBeDefined();
      // Ctrl-C in a terminal signals the whole foreground process group.
      process.kill(-(child.pid as number), 'SIGINT');
      await exited;
      expect(await groupGone(child.pid as number, 15_000)).toBe(true);
      await expect(fetch(dynamoUrl as string)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${port}/funds`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
  }, 90_000);
});

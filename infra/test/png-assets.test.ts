import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/routes.ts';
import { PNG_ASSETS } from '../../packages/web/src/png.ts';
import { PNG_FUNCTIONS } from '../lib/soquy-stack.ts';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * svgToPng reads resvg's .wasm and the DejaVu fonts from beside the bundle in Lambda: a function
 * that renders PNGs without them copied there fails at its first image (issue 13, item 19).
 */
describe('PNG rendering in Lambda', () => {
  it('copies the wasm and fonts beside every function that renders a PNG', () => {
    // Prepare
    const rendering = FUNCTION_NAMES.filter((fn) =>
      sources(join(root, 'functions', fn)).some((file) =>
        readFileSync(file, 'utf8').includes('svgToPng('),
      ),
    );
    // Assess
    expect(rendering).toContain('fund-page');
    expect([...PNG_FUNCTIONS].sort()).toEqual(expect.arrayContaining(rendering.sort()));
  });

  it('names assets that exist in node_modules, where the bundling hook copies them from', () => {
    // Act / Assess
    for (const asset of [PNG_ASSETS.wasm, ...PNG_ASSETS.fonts]) {
      expect(statSync(join(root, 'node_modules', asset.module)).size).toBeGreaterThan(100_000);
    }
  });
});

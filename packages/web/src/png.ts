import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

/**
 * SVG to PNG, for what Facebook, Zalo and image downloads need (they show no SVG). The renderer
 * is resvg compiled to WebAssembly (a Lambda bundle cannot carry resvg-js's native .node files),
 * with DejaVu fonts for Vietnamese text (Lambda has no system fonts).
 *
 * The .wasm and the .ttf files are found next to the running module first (the CDK stack copies
 * them beside the bundle, see PNG_ASSETS), then in node_modules (tsx, vitest, the local stack).
 */
export const PNG_ASSETS = {
  wasm: { file: 'index_bg.wasm', module: '@resvg/resvg-wasm/index_bg.wasm' },
  fonts: [
    { file: 'DejaVuSans.ttf', module: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf' },
    { file: 'DejaVuSans-Bold.ttf', module: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' },
  ],
} as const;

/** A PNG asset could not be found or the renderer could not start. */
export class PngRendererError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PngRendererError';
  }
}

function assetPath(asset: { file: string; module: string }): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, asset.file);
  if (existsSync(beside)) return beside;
  try {
    return createRequire(import.meta.url).resolve(asset.module);
  } catch (cause) {
    throw new PngRendererError(
      `${asset.file} is neither beside ${here} nor in node_modules (${asset.module})`,
      { cause },
    );
  }
}

let ready: Promise<Uint8Array[]> | undefined;

/** Starts the renderer once per process and reads the fonts once; later calls reuse both. */
function renderer(): Promise<Uint8Array[]> {
  ready ??= (async () => {
    const wasm = readFileSync(assetPath(PNG_ASSETS.wasm));
    await initWasm(wasm);
    return PNG_ASSETS.fonts.map((font) => new Uint8Array(readFileSync(assetPath(font))));
  })().catch((error: unknown) => {
    ready = undefined;
    throw error instanceof PngRendererError
      ? error
      : new PngRendererError('The PNG renderer could not start', { cause: error });
  });
  return ready;
}

/**
 * Renders an SVG document to PNG bytes, at its own size or scaled to `width` pixels wide. Text
 * is set in DejaVu Sans (regular and bold), whatever font-family the SVG names.
 */
export async function svgToPng(svg: string, options: { width?: number } = {}): Promise<Uint8Array> {
  const fontBuffers = await renderer();
  const resvg = new Resvg(svg, {
    font: {
      fontBuffers,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
      serifFamily: 'DejaVu Sans',
      monospaceFamily: 'DejaVu Sans',
    },
    fitTo: options.width ? { mode: 'width', value: options.width } : { mode: 'original' },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** The width and height a PNG's IHDR chunk declares, or undefined if it is not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((byte, i) => png[i] !== byte)) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

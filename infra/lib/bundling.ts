import { relative } from 'node:path';
import type { BundlingOptions, ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RECEIPT_FONTS } from '../../packages/mail/src/fonts.ts';
import { PNG_ASSETS } from '../../packages/web/src/png.ts';
import { PDF_FUNCTIONS } from './function-access.ts';

/**
 * How every function is bundled, for the stack (NodejsFunction) and for `npm run bench --
 * cold-start` and the deployed-shape test alike: one definition, so what is measured is what
 * deploys.
 *
 * Each function is bundled twice. NodejsFunction's own esbuild run writes one `index.mjs`; it
 * cannot split (it passes --outfile). The afterBundling hook then bundles the same entry again
 * with code splitting into the same folder, replacing it: every `import()` of a bundled package
 * (the mail stack: nodemailer, pdfkit, fontkit, brotli; the statement readers: exceljs, SheetJS,
 * csv-parse) becomes a chunk file beside `index.mjs`, with its own imports of node's builtins.
 * In one file esbuild inlines such a module, so start-up parsed its code (1.1-1.5 MB) and
 * loaded the builtins it imports (node:http's ESM facade loads undici) though nothing ran it
 * until the first mail or statement: 1.6x an empty handler's import time, against a 1.3x goal.
 * Locally (tsx, vitest) the same `import()` loads the TypeScript source: nothing to configure.
 */

/** Some dependencies still call require(); give ESM bundles (every chunk) one. */
const BANNER =
  "import { createRequire as soquyCreateRequire } from 'node:module'; const require = soquyCreateRequire(import.meta.url);";

/** NodejsFunction's options; the hook's esbuild run below passes the same ones. */
const NODEJS_OPTIONS = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Stack traces still map to the source; the map is smaller and loads faster.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // The runtime provides the SDK (NodejsFunction's default for nodejs18.x and later, made explicit).
  externalModules: ['@aws-sdk/*'],
  banner: BANNER,
} as const;

/** `value` as one bash word. */
const shellWord = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * esbuild's arguments for a function's split bundle: NODEJS_OPTIONS, node:http aliased to a
 * shim, and chunks beside
 * `index.mjs` (not in a subfolder: the fonts, resvg's .wasm and import.meta.url lookups expect
 * one folder).
 */
export function splitBundleArgs(entry: string, outputDir: string, inputDir: string): string[] {
  const httpShim = `${inputDir}/infra/lib/node-http-shim.ts`;
  return [
    entry,
    '--bundle',
    '--platform=node',
    `--format=${NODEJS_OPTIONS.format}`,
    `--target=${NODEJS_OPTIONS.target}`,
    '--minify',
    '--sourcemap',
    '--sources-content=false',
    `--main-fields=${NODEJS_OPTIONS.mainFields.join(',')}`,
    ...NODEJS_OPTIONS.externalModules.map((m) => `--external:${m}`),
    `--banner:js=${BANNER}`,
    // node:http without its ESM facade, which loads undici (node-http-shim.ts says why).
    `--alias:node:http=${httpShim}`,
    `--alias:http=${httpShim}`,
    '--splitting',
    `--outdir=${outputDir}`,
    '--entry-names=index',
    '--chunk-names=[name]-[hash]',
    '--out-extension:.js=.mjs',
    '--log-level=warning',
  ];
}

/**
 * Functions that render PNGs (svgToPng): the fund's share image (fund-page), the pledge's QR
 * image (pledges). resvg's .wasm and the DejaVu fonts are copied beside their bundle, where
 * svgToPng looks first (Lambda has no system fonts, and the .wasm is read with fs, not bundled).
 */
export const PNG_FUNCTIONS: readonly string[] = ['fund-page', 'pledges'];

/** Files copied from node_modules beside the bundle of `fn`: PNG assets, the receipt's fonts. */
function assetsOf(fn: string): readonly { module: string; file: string }[] {
  return [
    ...(PNG_FUNCTIONS.includes(fn) ? [PNG_ASSETS.wasm, ...PNG_ASSETS.fonts] : []),
    // The DejaVu fonts the PDF receipt is drawn with (PDF_FUNCTIONS).
    ...(PDF_FUNCTIONS.includes(fn) ? RECEIPT_FONTS : []),
  ];
}

/**
 * The shell commands run after NodejsFunction's esbuild, in its bundling environment (locally or
 * in its Docker image): `inputDir` is the repository (where package-lock.json is), `outputDir`
 * the asset folder. `repoRoot` is the repository as this process sees it, to make `entry`
 * relative to `inputDir`.
 */
export function afterBundlingCommands(
  fn: string,
  entry: string,
  repoRoot: string,
  inputDir: string,
  outputDir: string,
): string[] {
  const esbuild = `${inputDir}/node_modules/.bin/esbuild`;
  const args = splitBundleArgs(`${inputDir}/${relative(repoRoot, entry)}`, outputDir, inputDir);
  return [
    [esbuild, ...args].map(shellWord).join(' '),
    ...assetsOf(fn).map(
      (asset) => `cp "${inputDir}/node_modules/${asset.module}" "${outputDir}/${asset.file}"`,
    ),
  ];
}

/** NodejsFunction's `bundling` for function `fn` whose handler is `entry`. */
export function functionBundling(fn: string, entry: string, repoRoot: string): BundlingOptions {
  const commandHooks: ICommandHooks = {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) =>
      afterBundlingCommands(fn, entry, repoRoot, inputDir, outputDir),
  };
  return {
    ...NODEJS_OPTIONS,
    externalModules: [...NODEJS_OPTIONS.externalModules],
    mainFields: [...NODEJS_OPTIONS.mainFields],
    commandHooks,
  };
}

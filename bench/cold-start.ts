/**
 * Cold start, measured the way the stack deploys: every function bundled by the same commands
 * the stack's bundling hook runs (infra/lib/bundling.ts: esbuild, ESM, minified, node22, source
 * map, `@aws-sdk/*` external so it resolves from node_modules as Lambda's runtime provides it,
 * code splitting: what is imported with `import()` is a chunk loaded on first use), then imported in a fresh
 * `node` process per sample with the environment the stack gives that function (NODE_OPTIONS
 * --enable-source-maps included). Printed as ratios to two anchors bundled the same way:
 *
 *  - "dynamo": an empty handler that creates the DynamoDB document client, as every soquy
 *    function must (its tables are the only thing all functions touch). Importing the SDK costs
 *    time even though the runtime provides it; nothing soquy can do removes that, so this is the
 *    anchor the issue's "at most 1.3× an empty handler" is read against.
 *  - "empty": a handler that imports nothing. Its import time is a fraction of a millisecond, so
 *    it is compared on the whole process (node's start + the import), which is what Lambda's
 *    init does for it too.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { FUNCTION_NAMES, QUEUE_FUNCTIONS } from '../functions/routes.ts';
import { afterBundlingCommands } from '../infra/lib/bundling.ts';
import {
  BANK_GATEWAY_FUNCTIONS,
  CONSOLE_FUNCTIONS,
  FUNCTION_ACCESS,
  MAIL_FUNCTIONS,
  PLEDGE_FUNCTIONS,
  STAFF_FUNCTIONS,
  STAFF_READER_FUNCTIONS,
  STRIPE_FUNCTIONS,
} from '../infra/lib/function-access.ts';
import { median } from './common.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The goal the issue sets: each function's import time ≤ 1.3 × the anchor's. */
export const COLD_START_GOAL = 1.3;

/** The environment infra/lib/soquy-stack.ts gives `fn` (names, not the deployed values). */
export function deployedEnv(fn: string): Record<string, string> {
  const access = FUNCTION_ACCESS[fn] ?? {};
  return {
    AWS_REGION: 'ap-southeast-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    JOURNAL_TABLE: 'bench-journal',
    STATE_TABLE: 'bench-state',
    NODE_OPTIONS: '--enable-source-maps',
    ...(STRIPE_FUNCTIONS.includes(fn) ? { STRIPE_SECRET_ID: 'soquy/stripe' } : {}),
    ...(PLEDGE_FUNCTIONS.includes(fn)
      ? {
          MANAGE_LINK_SECRET_ID:
            'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:ManageLinkKey-bench',
        }
      : {}),
    ...(access.evidence || access.statements ? { EVIDENCE_BUCKET: 'bench-evidence' } : {}),
    ...(BANK_GATEWAY_FUNCTIONS.includes(fn)
      ? {
          BANK_GATEWAY_SECRET_ID:
            'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:BankGatewayKeys-bench',
        }
      : {}),
    ...(QUEUE_FUNCTIONS.includes(fn)
      ? { STATEMENT_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/bench' }
      : {}),
    ...(access.exports ? { EXPORTS_BUCKET: 'bench-evidence' } : {}),
    ...(access.log || access.checkpointKey
      ? {
          LOG_BUCKET: 'bench-log',
          CHECKPOINT_KEY_ID: 'arn:aws:kms:ap-southeast-1:123456789012:key/bench',
          LOG_DEPLOYMENT: 'quy.example.vn',
        }
      : {}),
    ...(CONSOLE_FUNCTIONS.includes(fn)
      ? {
          USER_POOL_ID: 'ap-southeast-1_bench',
          USER_POOL_CLIENT_ID: 'bench',
          COGNITO_DOMAIN: 'bench.auth.ap-southeast-1.amazoncognito.com',
        }
      : {}),
    // Staff management: the user pool whose groups hold each fund's staff.
    ...(STAFF_FUNCTIONS.includes(fn) || STAFF_READER_FUNCTIONS.includes(fn)
      ? { USER_POOL_ID: 'ap-southeast-1_bench' }
      : {}),
    ...(MAIL_FUNCTIONS.includes(fn)
      ? { MAIL_FROM: 'Soquy <no-reply@quy.example.vn>', PUBLIC_BASE_URL: 'https://quy.example.vn' }
      : {}),
  };
}

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  /**
   * What the bundle imports from outside itself (the runtime's SDK, node's builtins) as it loads,
   * and what it imports only on first use. A builtin imported at load by an ESM bundle costs its
   * whole ESM facade (node:http's loads undici), even when only lazily run code uses it.
   */
  atLoad: string[];
  onUse: string[];
  /** Bytes of the chunks loaded on first use (code splitting), not as the function starts. */
  lazyBytes: number;
  /** Bundled packages (outside soquy) by the bytes they add to what loads at start. */
  packages: Map<string, number>;
}

/** The package a bundled file belongs to: an npm package, or one of soquy's own (@soquy/…). */
const packageOf = (path: string) => {
  const own = /(?:^|\/)packages\/([^/]+)\/src\//.exec(path);
  if (own && !path.includes('node_modules/')) return `@soquy/${own[1]}`;
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [scope = '', name = ''] = path.slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
};

/** `http` and `node:http` alike as `node:http`; packages as they are. */
const asImported = (path: string) =>
  builtinModules.includes(path.replace(/^node:/, '').split('/')[0] as string)
    ? `node:${path.replace(/^node:/, '')}`
    : path;

/**
 * `name` bundled into its own folder under `outDir` the way the stack bundles it: the commands of
 * infra/lib/bundling.ts's afterBundling hook (code splitting, assets copied), run by bash as
 * NodejsFunction runs them, plus a metafile (outside the folder) to read what went where.
 */
export function bundleAsDeployed(outDir: string, name: string, entry: string): string {
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const [esbuild = '', ...copies] = afterBundlingCommands(name, entry, REPO_ROOT, REPO_ROOT, dir);
  execFileSync(
    'bash',
    ['-c', [`${esbuild} '--metafile=${dir}.meta.json'`, ...copies].join(' && ')],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return dir;
}

async function bundle(outDir: string, name: string, entry: string): Promise<Bundle> {
  const dir = bundleAsDeployed(outDir, name, entry);
  const file = join(dir, 'index.mjs');
  const { outputs } = JSON.parse(readFileSync(`${dir}.meta.json`, 'utf8')) as Metafile;
  const entryOutput = Object.keys(outputs).find((o) => outputs[o]?.entryPoint);
  if (!entryOutput) throw new Error(`esbuild made no output for ${entry}`);
  // What loads with the function: the entry and the chunks it imports statically.
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const i of outputs[path]?.imports ?? []) {
      if (!i.external && i.kind === 'import-statement') visit(i.path);
    }
  };
  visit(entryOutput);
  const chunks = Object.keys(outputs).filter((o) => o.endsWith('.mjs'));
  const lazy = chunks.filter((o) => !loaded.has(o));
  const external = (paths: string[], kind: string) => [
    ...new Set(
      paths.flatMap((p) =>
        (outputs[p]?.imports ?? [])
          .filter((i) => i.external && i.kind === kind)
          .map((i) => asImported(i.path)),
      ),
    ),
  ];
  const packages = new Map<string, number>();
  for (const path of loaded) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
      const pkg = packageOf(input);
      if (pkg) packages.set(pkg, (packages.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  const atLoad = external([...loaded], 'import-statement');
  const size = (paths: string[]) => paths.reduce((sum, p) => sum + (outputs[p]?.bytes ?? 0), 0);
  return {
    name,
    file,
    bytes: statSync(file).size + size([...loaded].filter((p) => p !== entryOutput)),
    lazyBytes: size(lazy),
    // node:module is the banner's own import, in every bundle.
    atLoad: atLoad.filter((p) => p !== 'node:module'),
    onUse: [
      ...new Set([
        ...external(chunks, 'dynamic-import'),
        ...external(lazy, 'import-statement').filter((p) => !atLoad.includes(p)),
      ]),
    ].filter((p) => p !== 'node:module'),
    packages,
  };
}

interface Sample {
  /** Wall-clock ms to import the bundle. */
  wall: number;
  /** CPU ms (user + system, all threads) the import took: what a busy machine disturbs least. */
  cpu: number;
  /** Wall-clock ms from spawning node to the import done. */
  process: number;
}

/** One fresh node process importing `file`. */
function sample(file: string, env: Record<string, string>): Sample {
  const script = `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(file)});const w=performance.now()-t,u=process.cpuUsage(c);process.stdout.write(w+' '+(u.user+u.system)/1000)`;
  const started = performance.now();
  const [wall, cpu] = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    // Only what the stack sets (and PATH): nothing from the shell, no DYNAMODB_ENDPOINT.
    env: { PATH: process.env.PATH ?? '', ...env },
  })
    .split(' ')
    .map(Number) as [number, number];
  return { wall, cpu, process: performance.now() - started };
}

/** Each target sampled `runs` times, round robin, so a slower moment falls on all alike. */
function measure(targets: { file: string; env: Record<string, string> }[], runs: number) {
  for (const t of targets) sample(t.file, t.env); // warm the file cache
  const samples = targets.map(() => [] as Sample[]);
  for (let run = 0; run < runs; run++) {
    targets.forEach((t, i) => {
      samples[i]?.push(sample(t.file, t.env));
    });
  }
  return samples.map((s) => ({
    wall: median(s.map((x) => x.wall)),
    cpu: median(s.map((x) => x.cpu)),
    process: median(s.map((x) => x.process)),
  }));
}

const ANCHORS = {
  empty: 'export const handler = async () => ({ statusCode: 200, body: "" });\n',
  // It must use the client, or esbuild drops the (side-effect free) packages.
  dynamo: [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    'const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    'export const handler = async () => ({ statusCode: 200, body: typeof db.send });',
    '',
  ].join('\n'),
};

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function coldStartBench(outDir: string, runs = 9) {
  // One folder per run: two benches at once (several people, one machine) must not share bundles.
  mkdirSync(join(outDir, 'cold-start'), { recursive: true });
  const dir = mkdtempSync(join(outDir, 'cold-start', 'run-'));
  const bundles: { bundle: Bundle; env: Record<string, string> }[] = [];
  for (const [name, source] of Object.entries(ANCHORS)) {
    const entry = join(dir, `${name}-handler.ts`);
    writeFileSync(entry, source);
    bundles.push({ bundle: await bundle(dir, `(${name})`, entry), env: deployedEnv('') });
  }
  for (const fn of FUNCTION_NAMES) {
    const entry = join(REPO_ROOT, 'functions', fn, 'handler.ts');
    bundles.push({ bundle: await bundle(dir, fn, entry), env: deployedEnv(fn) });
  }
  const times = measure(
    bundles.map((b) => ({ file: b.bundle.file, env: b.env })),
    runs,
  );
  const results = bundles.map((b, i) => ({ ...b.bundle, ...(times[i] as (typeof times)[0]) }));
  const [empty, dynamo, ...functions] = results as [
    (typeof results)[0],
    (typeof results)[0],
    ...typeof results,
  ];

  console.log(
    `\n== Cold start: bundled as the stack deploys (SDK from the runtime), a fresh node per sample, median of ${runs}`,
  );
  console.log(
    `  anchor "dynamo": an empty handler creating the DynamoDB document client: import ${dynamo.cpu.toFixed(1)} ms CPU, ${dynamo.wall.toFixed(1)} ms wall`,
  );
  console.log(
    `  anchor "empty":  an empty handler importing nothing: import ${empty.wall.toFixed(2)} ms wall; node start + import ${empty.process.toFixed(1)} ms`,
  );
  console.log(
    `  ratio = import time / the dynamo anchor's, goal ≤ ${COLD_START_GOAL}: on CPU time (user + system, robust on a busy machine) and on wall time;`,
  );
  console.log(
    '  "start" = (node start + import) / the empty anchor\'s, wall time. Sizes: what loads at start (entry and the chunks it imports), the chunks loaded on first use.',
  );
  console.log(
    '  Last column: imported from outside the bundle as the function loads; on first use (by chunks loaded on first use, too)',
  );
  console.log(
    `  ${'function'.padEnd(24)} ${'at start'.padStart(10)} ${'on use'.padStart(10)} ${'CPU'.padStart(9)} ${'ratio'.padStart(6)}  ${'wall'.padStart(9)} ${'ratio'.padStart(6)}  ${'start'.padStart(5)}  imports at load; on first use`,
  );
  const over = { cpu: [] as string[], wall: [] as string[] };
  const mark = (ratio: number) =>
    `${ratio.toFixed(2).padStart(6)}${ratio > COLD_START_GOAL ? '!' : ' '}`;
  const short = (p: string) => p.replace('@aws-sdk/', '');
  for (const f of functions) {
    const cpu = f.cpu / dynamo.cpu;
    const wall = f.wall / dynamo.wall;
    if (cpu > COLD_START_GOAL) over.cpu.push(f.name);
    if (wall > COLD_START_GOAL) over.wall.push(f.name);
    console.log(
      `  ${f.name.padEnd(24)} ${kib(f.bytes).padStart(10)} ${kib(f.lazyBytes).padStart(10)} ${`${f.cpu.toFixed(1)} ms`.padStart(9)} ${mark(cpu)} ${`${f.wall.toFixed(1)} ms`.padStart(9)} ${mark(wall)} ${(f.process / empty.process).toFixed(2).padStart(5)}  ${f.atLoad.map(short).join(' ')}; ${f.onUse.map(short).join(' ') || '-'}`,
    );
  }
  console.log(
    `  over ${COLD_START_GOAL}× on CPU time (marked !): ${over.cpu.join(', ') || 'none'}; on wall time: ${over.wall.join(', ') || 'none'}`,
  );

  // What makes the bundles big, soquy's packages included: by minified bytes.
  const byPackage = new Map<string, { bytes: number; fns: string[] }>();
  for (const f of functions) {
    for (const [pkg, bytes] of f.packages) {
      if (bytes < 8 * 1024) continue;
      const entry = byPackage.get(pkg) ?? { bytes, fns: [] };
      entry.bytes = Math.max(entry.bytes, bytes);
      entry.fns.push(f.name);
      byPackage.set(pkg, entry);
    }
  }
  console.log(
    '  bundled packages of 8 KiB or more loaded at start (minified; parsed as the function starts):',
  );
  for (const [pkg, { bytes, fns }] of [...byPackage].sort((a, b) => b[1].bytes - a[1].bytes)) {
    const where = fns.length === functions.length ? 'every function' : fns.join(', ');
    console.log(`    ${pkg.padEnd(18)} ${kib(bytes).padStart(10)}  ${where}`);
  }

  // The stack sets NODE_OPTIONS=--enable-source-maps: node reads each bundle's map as it loads.
  const largest = [...functions].sort((a, b) => b.bytes - a.bytes)[0];
  if (largest) {
    const { NODE_OPTIONS: _, ...withoutMaps } = deployedEnv(largest.name);
    const [withMaps, without] = measure(
      [
        { file: largest.file, env: deployedEnv(largest.name) },
        { file: largest.file, env: withoutMaps },
      ],
      runs,
    );
    console.log(
      `  NODE_OPTIONS=--enable-source-maps (the stack sets it) on the largest bundle, ${largest.name}, map ${kib(statSync(`${largest.file}.map`).size)}: import ${withMaps?.cpu.toFixed(1)} ms CPU with, ${without?.cpu.toFixed(1)} ms without`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  return { functions, dynamo, empty, over };
}

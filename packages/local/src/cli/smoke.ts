import { formatCheck, runSmoke, SmokeRefusedError } from '../smoke.ts';
import { readArguments, type UsageError } from './arguments.ts';

const usage =
  'usage: npm run smoke -- --url https://… [--token STAFF_JWT] [--fund FUND_ID] [--wait SECONDS]';
const help = `${usage}

Checks a deployed soquy stack from the outside, read-only: GET /funds, the fund page and its
report, the security headers and compression, /openapi.json, and the fund's journal verified
from its public exports and ledger (hash chain, totals, Merkle root) against the signed
checkpoints and the key at /.well-known/soquy/checkpoint-key.

  --url URL        the stack's public URL (required)
  --fund FUND_ID   the fund to check (default: the first one GET /funds lists)
  --token JWT      a staff token: also run the write test. It writes only to a fund named
                   smoke-…: an admin's token opens smoke-<yyyymmdd-hhmm> (UTC); any other token
                   needs --fund naming an existing smoke-… fund. It makes a pledge, records its
                   payment when the token is a treasurer of that fund, and checks that the head
                   moved, still verifies, and that the page shows the new donor.
  --wait SECONDS   how long to wait for a write to show through caches (default 60)
  -h, --help       this text

Exit status: 0 every check passed (⚠ warnings allowed), 1 a check failed (✗, with the reason),
2 nothing was checked (bad arguments, or the write test was refused before writing).`;

const cli = readArguments(
  {
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      fund: { type: 'string' },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  { usage, help },
);
const { values } = cli;
// Annotated, so a call narrows like a function declared to return never.
const usageError: UsageError = cli.usageError;
if (!values.url || !/^https?:\/\/[^/]+/.test(values.url)) usageError('Give --url https://….');
const waitSeconds = values.wait === undefined ? 60 : Number(values.wait);
if (!Number.isFinite(waitSeconds) || waitSeconds < 0)
  usageError('--wait must be seconds, 0 or more.');

console.log(
  `smoke test of ${values.url}${values.token ? ' (with the write test)' : ' (read-only)'}`,
);
try {
  const result = await runSmoke({
    url: values.url,
    waitSeconds,
    print: (line) => console.log(line),
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(values.fund !== undefined ? { fund: values.fund } : {}),
  });
  const failed = result.checks.filter((c) => c.status === 'failed');
  const warned = result.checks.filter((c) => c.status === 'warning');
  if (failed.length > 0) {
    console.error(`FAILED: ${failed.length} of ${result.checks.length} checks:`);
    for (const check of failed) console.error(`  ${formatCheck(check)}`);
    process.exit(1);
  }
  console.log(
    `OK: ${result.checks.length} checks passed${warned.length ? ` (${warned.length} warning(s))` : ''}${result.smokeFund ? `; wrote to ${result.smokeFund}` : ''}`,
  );
} catch (error) {
  if (!(error instanceof SmokeRefusedError)) throw error;
  console.error(`REFUSED: ${error.message}`);
  process.exit(2);
}

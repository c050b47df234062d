import {
  defaultWitnessName,
  runWitness,
  WITNESS_CANNOT_RUN,
  WitnessSetupError,
  witnessKey,
} from '../witness/witness.ts';
import { readArguments, type UsageError } from './arguments.ts';

const usage =
  'usage: npm run witness -- --url BASE --state DIR [--fund ID] [--name NAME] [--log-key VKEY] [--label TEXT] [--print-key] [--no-report]';
const help = `${usage}

A witness of soquy's transparency logs (docs/ledger-format.md, "Witnesses"). Run it on a
schedule. For each fund (those BASE/funds lists, and every fund it already holds a checkpoint of)
it fetches the latest signed checkpoint, checks the log's signature and that the new tree extends
the last one it accepted (a consistency proof), then cosigns it and posts the cosignature to the
fund. If the log signed two trees of one size, it says FORK and writes a proof anyone can check
with \`npm run verify -- --fork FILE\`; if the log went back, hid a fund or served a failing proof,
it says so and writes the evidence it saw (not provable from signatures alone). Either way it
also posts the file to BASE/funds/ID/log/fork-reports, so the operator hears of it.

  --url BASE        the deployment, e.g. https://quy.example.vn
  --state DIR       where the witness keeps its key, the log key and what it accepted
  --fund ID         only this fund (default: every fund listed at BASE/funds or held in DIR)
  --name NAME       the witness key's name (default witness.local/<hostname>)
  --log-key VKEY    the log key to pin on the first run (default: BASE/.well-known/soquy/checkpoint-key)
  --label TEXT      who runs this witness, printed with --print-key for the deployment's admin
  --print-key       print this witness's verifier key and exit
  --no-report       write fork proofs to DIR/forks only; do not post them to the deployment
  -h, --help        this text

Exit status: 0 every fund checked out; 1 a fund did not (FORK, ROLLBACK, INCONSISTENT, HIDDEN,
REFUSED, NO-PROOF); 2 the witness could not run (bad arguments or a --fund that is not a fund id,
unreachable deployment, a different log key).`;

const cli = readArguments(
  {
    options: {
      url: { type: 'string' },
      state: { type: 'string' },
      fund: { type: 'string' },
      name: { type: 'string' },
      'log-key': { type: 'string' },
      label: { type: 'string' },
      'print-key': { type: 'boolean' },
      'no-report': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  { usage, help },
  WITNESS_CANNOT_RUN,
);
const { values } = cli;
// Annotated, so a call narrows like a function declared to return never.
const usageError: UsageError = cli.usageError;
const state = values.state as string | undefined;
if (!state) usageError('Give --state DIR.');
const name = (values.name as string | undefined) ?? defaultWitnessName();

try {
  if (values['print-key']) {
    const key = await witnessKey(state, name);
    console.log(key.vkey);
    if (typeof values.label === 'string') {
      console.log(JSON.stringify({ vkey: key.vkey, label: values.label }));
    }
    process.exit(0);
  }
  const url = values.url as string | undefined;
  if (!url) usageError('Give --url BASE.');
  process.exitCode = await runWitness({
    url,
    stateDir: state,
    name,
    report: values['no-report'] !== true,
    ...(typeof values.fund === 'string' ? { fund: values.fund } : {}),
    ...(typeof values['log-key'] === 'string' ? { logKey: values['log-key'] } : {}),
  });
} catch (error) {
  if (!(error instanceof WitnessSetupError)) throw error;
  console.error(`The witness could not run: ${error.message}`);
  process.exit(WITNESS_CANNOT_RUN);
}

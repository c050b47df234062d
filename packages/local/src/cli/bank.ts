import {
  cassoNotificationFor,
  type GatewayDelivery,
  parseDongAmount,
  sepayNotificationFor,
} from '@soquy/bank';
import { localGatewayKeys } from '../gateway-keys.ts';
import { readArguments, type UsageError } from './arguments.ts';

const DEFAULT_URL = 'http://127.0.0.1:3000';
const GATEWAYS = ['sepay', 'casso'] as const;
type Gateway = (typeof GATEWAYS)[number];

const usage =
  'usage: npm run bank -- pay <reference> <amount> [--via sepay|casso] [--url BASE_URL] [--out]';
const help = `${usage}

Plays the bank gateway: sends ONE notification to the running local stack, as SePay or Casso
would after a transfer to the fund's account, correctly authenticated (SePay's API key, Casso's
signature; keys from SEPAY_API_KEY / CASSO_CHECKSUM_KEY or the local defaults npm start uses).

  <reference>        the pledge reference the donor typed (the memo says "UNG HO <reference>",
                     wrapped the way a Vietcombank transfer arrives); it also picks the fund
                     whose account receives the money
  <amount>           whole đồng: 500000, 500.000 or 500,000
  --via sepay|casso  the gateway (default sepay)
  --url BASE_URL     the local stack (default ${DEFAULT_URL})
  --out              money going OUT of the fund's account instead (a debit), to show how an
                     outflow no approved disbursement explains is held for review
  -h, --help         this text

Examples:
  npm run bank -- pay PT7K2Q 500.000
  npm run bank -- pay PT7K2Q 1,200,000 --via casso
  npm run bank -- pay PT7K2Q 300000 --out

Exit status: 0 the stack answered 2xx; 1 it answered otherwise or could not be reached;
2 bad arguments.`;

const cli = readArguments(
  {
    allowPositionals: true,
    options: {
      via: { type: 'string' },
      url: { type: 'string' },
      out: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  { usage, help },
);
const { values, positionals } = cli;
// Annotated, so a call narrows like a function declared to return never.
const usageError: UsageError = cli.usageError;

const [command, reference, amountText, ...extra] = positionals;
if (command !== 'pay') {
  usageError(command === undefined ? 'Say what to do: pay.' : `Unknown command "${command}".`);
}
if (reference === undefined || amountText === undefined) {
  usageError('Give a reference and an amount.');
}
if (extra.length > 0) usageError(`Unexpected argument "${extra[0]}".`);
if (!/^\S{1,64}$/.test(reference)) {
  usageError(`"${reference}" is not a reference: give the pledge reference, e.g. PT7K2Q.`);
}
const amount = parseDongAmount(amountText);
if (amount === undefined) {
  usageError(
    `"${amountText}" is not an amount: give a positive whole number of đồng (500000, 500.000 or 500,000).`,
  );
}
const via = (values.via ?? 'sepay').toLowerCase();
if (!GATEWAYS.includes(via as Gateway)) usageError(`--via ${values.via}: give sepay or casso.`);
let base: string;
try {
  const url = new URL(values.url ?? DEFAULT_URL);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  base = url.href.replace(/\/+$/, '');
} catch {
  usageError(`--url ${values.url}: give the local stack's address, e.g. ${DEFAULT_URL}.`);
}
const direction = values.out ? 'out' : 'in';

/** A fetch to the local stack; on a network failure, says how to start it and exits 1. */
async function call(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    console.error(
      `Could not reach the local stack at ${base} (${cause}). Is \`npm start\` running?`,
    );
    process.exit(1);
  }
}

async function bodyText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

// Which account receives it: the local stack knows the fund of a reference.
const lookup = await call(`${base}/_local/bank-account?reference=${encodeURIComponent(reference)}`);
if (!lookup.ok) {
  const text = await bodyText(lookup);
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {}
  console.error(
    lookup.status === 404
      ? `No fund's bank account found for reference "${reference}": ${message}`
      : `The local stack could not say which account receives "${reference}" (HTTP ${lookup.status}):\n${text}`,
  );
  process.exit(1);
}
const account = (await lookup.json()) as { fundId?: unknown; accountNumber?: unknown };
if (typeof account.accountNumber !== 'string' || account.accountNumber === '') {
  console.error(`The local stack's answer names no account number: ${JSON.stringify(account)}`);
  process.exit(1);
}

const keys = localGatewayKeys();
const transfer = {
  reference,
  amount,
  accountNumber: account.accountNumber,
  direction,
} as const;
const delivery: GatewayDelivery =
  via === 'casso'
    ? cassoNotificationFor(transfer, keys.cassoChecksumKey)
    : sepayNotificationFor(transfer, keys.sepayApiKey);

const memo =
  delivery.gateway === 'sepay'
    ? delivery.body.content
    : (delivery.body.data as { description: string }).description;
const bankReference =
  delivery.gateway === 'sepay'
    ? delivery.body.referenceCode
    : (delivery.body.data as { reference: string }).reference;
console.log(
  `${delivery.gateway === 'sepay' ? 'SePay' : 'Casso'}: ${amount.toLocaleString('en-US')} đồng ${
    direction === 'in' ? 'into' : 'out of'
  } account ${account.accountNumber}${typeof account.fundId === 'string' ? ` (fund ${account.fundId})` : ''}`,
);
console.log(`  memo            ${memo}`);
console.log(`  bank reference  ${bankReference}`);
console.log(`  delivery        ${delivery.deliveryId}`);

const target = `${base}${delivery.path}`;
const response = await call(target, {
  method: 'POST',
  headers: delivery.headers,
  body: delivery.rawBody,
});
console.log(`\nPOST ${target} → ${response.status} ${response.statusText}`);
const answer = await bodyText(response);
if (answer !== '') console.log(answer);
process.exit(response.ok ? 0 : 1);

import { parseArgs } from 'node:util';
import { issueDevToken } from '../dev-auth.ts';
import { startLocalStack } from '../stack.ts';

const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
    port: { type: 'string' },
  },
});

const port = Number(values.port ?? process.env.PORT ?? 3000);
const dataDir = process.env.SOQUY_DATA_DIR ?? '.data';
const stack = await startLocalStack({
  port,
  dataDir,
  inMemory: values['in-memory'],
  demo: !values['no-demo'],
});
const adminToken = await issueDevToken(stack.signingKey, { user: 'admin', roles: ['admin'] });

console.log(`
soquy is running locally

  API          ${stack.url}
  Funds        ${stack.url}/funds
  A fund       ${stack.url}/funds/pu-trang
  Its journal  ${stack.url}/funds/pu-trang/ledger
  Pledge page  ${stack.url}/f/pu-trang/pledge
  Card         ${stack.stripe ? `simulated Stripe at ${stack.stripe.url} (no STRIPE_SECRET_KEY set)` : 'Stripe with your STRIPE_SECRET_KEY'}
  DynamoDB     ${stack.dynamoEndpoint} (${values['in-memory'] ? 'in memory, gone when stopped' : `data kept in ${dataDir}/dynamodb`})
  Demo data    ${stack.demoEntries > 0 ? `${stack.demoEntries} entries written into 3 funds` : 'not loaded (the store already has funds, or --no-demo)'}

Transparency log (C2SP tlog-tiles; a checkpoint is signed within a second of each write):

  Checkpoint   ${stack.url}/funds/pu-trang/log/checkpoint
  Tiles        ${stack.url}/funds/pu-trang/log/tile/… (files in ${dataDir}/log)
  Log key      ${stack.logKey}
               (also at ${stack.url}/.well-known/soquy/checkpoint-key; private key in ${dataDir}/checkpoint-key)

Dev admin token (valid 12 hours; make others with npm run token -- --role treasurer --fund pu-trang --user lan):

  export TOKEN=${adminToken}

Bank gateways (webhooks a bank gateway would call; keys from SEPAY_API_KEY / CASSO_CHECKSUM_KEY):

  SePay        POST ${stack.url}/webhooks/sepay   Authorization: Apikey ${stack.gatewayKeys.sepayApiKey}
  Casso v2     POST ${stack.url}/webhooks/casso   checksum key ${stack.gatewayKeys.cassoChecksumKey}
  Pay a pledge by transfer, as the bank would report it:
               npm run bank -- pay <reference> <amount> [--via sepay|casso]

Mail (maildev catches every message; nothing leaves this machine):

  Inbox        ${stack.mail.webUrl}   (REST: ${stack.mail.webUrl}/api/email)
  SMTP         ${stack.mail.smtpUrl}
  Reminders    run daily here; now with npm run reminders [-- --date YYYY-MM-DD]

Verify a fund:  npm run verify -- --fund pu-trang --url ${stack.url}
Ctrl-C stops everything (DynamoDB Local included).
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the API and DynamoDB Local…`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// A closed terminal: stop DynamoDB Local too, rather than leave it running on the data folder.
process.on('SIGHUP', () => void shutdown('SIGHUP'));

import { parseArgs } from 'node:util';

const DEFAULT_URL = 'http://127.0.0.1:3000';
const help = `usage: npm run reminders -- [--date YYYY-MM-DD] [--url BASE_URL]

Runs the daily pledge reminders now on the running local stack (npm start), as the daily
schedule does in AWS: every unpaid pledge whose reminder day is today (its due date, then every
N days as the fund's settings say) gets one email, if its donor gave an address and did not
unsubscribe. Nothing is sent twice. Open the mail in maildev (its URL is printed by npm start).

  --date YYYY-MM-DD  run as on that day (Vietnam time, 08:00), e.g. a pledge's due date
  --url BASE_URL     the local stack (default ${DEFAULT_URL})
  -h, --help         this text

Exit status: 0 the stack answered 2xx; 1 otherwise; 2 bad arguments.`;

let values: { date?: string; url?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      date: { type: 'string' },
      url: { type: 'string', default: DEFAULT_URL },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${help}`);
  process.exit(2);
}
if (values.help) {
  console.log(help);
  process.exit(0);
}
if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
  console.error(`--date must look like 2026-12-31, not "${values.date}"\n\n${help}`);
  process.exit(2);
}
const at = values.date ? `?at=${encodeURIComponent(`${values.date}T08:00:00+07:00`)}` : '';
try {
  const response = await fetch(`${values.url ?? DEFAULT_URL}/_local/reminders${at}`, {
    method: 'POST',
  });
  const text = await response.text();
  console.log(text);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`Could not reach the local stack at ${values.url}: ${(error as Error).message}`);
  process.exit(1);
}

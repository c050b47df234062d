import { parseArgs } from 'node:util';
import { verifyJournal } from '@soquy/ledger';
import {
  fetchPublishedJournal,
  type PublishedJournal,
  readPublishedJournal,
} from '../published.ts';

const usage = 'usage: npm run verify -- --fund FUND_ID [--url BASE_URL | --file EXPORT.json]';
const { values } = parseArgs({
  options: { fund: { type: 'string' }, url: { type: 'string' }, file: { type: 'string' } },
});
if (!values.fund) {
  console.error(`Give --fund.\n${usage}`);
  process.exit(2);
}
const fundId = values.fund;

let published: PublishedJournal;
try {
  published = values.file
    ? await readPublishedJournal(values.file)
    : await fetchPublishedJournal(values.url ?? 'http://127.0.0.1:3000', fundId);
} catch (error) {
  console.error(`Could not read the journal: ${(error as Error).message}`);
  process.exit(2);
}

const report = verifyJournal(fundId, published.entries, published.head);
if (!report.ok && report.problem) {
  console.error(
    `FAILED: fund ${fundId}, first bad seq ${report.problem.seq} (${report.problem.reason}): ${report.problem.message}`,
  );
  console.error(`${report.checked} entries before it are intact.`);
  process.exit(1);
}
const t = report.totals;
console.log(
  `OK: fund ${fundId}, ${report.checked} entries, chain intact up to seq ${report.head.seq} ${report.head.hash}`,
);
console.log(
  `totals recomputed from the journal match the published head: pledged ${t.pledged}, received ${t.received}, spent ${t.spent}, balance ${t.balance}, outstanding ${t.outstanding} (VND)`,
);

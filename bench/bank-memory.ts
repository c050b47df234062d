/**
 * Child process of the bank benchmark (bench/bank.ts): reads one statement file the way an
 * import does, without DynamoDB — scanStatement, then every line through readStatementLines in
 * the import's chunks — and prints one JSON line with the time and the peak RSS.
 *
 *   node --import tsx bench/bank-memory.ts <statement file>
 */
import { createReadStream } from 'node:fs';
import { readStatementLines, scanStatement } from '@soquy/bank';
import { IMPORT_CHUNK_LINES } from '@soquy/ledger';

const path = process.argv[2];
if (!path) {
  console.error('usage: node --import tsx bench/bank-memory.ts <statement file>');
  process.exit(2);
}
const open = () => createReadStream(path);
// What node, tsx and the modules cost before a byte of the file is read.
const baselineRssKiB = Math.round(process.memoryUsage().rss / 1024);

let started = performance.now();
const summary = await scanStatement(open);
const scanSeconds = (performance.now() - started) / 1000;

started = performance.now();
let lines = 0;
for await (const chunk of readStatementLines(open, { chunkSize: IMPORT_CHUNK_LINES })) {
  lines += chunk.length;
}
const readSeconds = (performance.now() - started) / 1000;
if (lines !== summary.lines) {
  throw new Error(`The scan counted ${summary.lines} lines but ${lines} were read`);
}

console.log(
  JSON.stringify({
    lines,
    scanSeconds,
    readSeconds,
    baselineRssKiB,
    // KiB on Linux: the most this process held at any time.
    maxRssKiB: process.resourceUsage().maxRSS,
  }),
);

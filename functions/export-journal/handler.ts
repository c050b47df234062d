import {
  fundPath,
  journalCsv,
  journalExport,
  journalHledger,
  readReportAccess,
  readWholeJournal,
} from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** GET /funds/{fundId}/export.json | export.csv | export.journal: the whole public journal. */
export const handler = runtime
  .api({ name: 'export-journal', operation: readReportAccess, input: { path: fundPath } })
  .handler(async (event) => {
    const { fundId } = event.input.path;
    const { state, entries } = await readWholeJournal(runtime.deps, fundId);
    const format = event.rawPath.slice(event.rawPath.lastIndexOf('.') + 1);
    const cache = { 'cache-control': 'public, max-age=30' };
    if (format === 'csv') {
      return {
        statusCode: 200,
        headers: {
          ...cache,
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${fundId}-journal.csv"`,
        },
        body: journalCsv(entries),
      };
    }
    if (format === 'journal') {
      return {
        statusCode: 200,
        headers: {
          ...cache,
          'content-type': 'text/plain; charset=utf-8',
          'content-disposition': `attachment; filename="${fundId}.journal"`,
        },
        body: journalHledger(state.fund, entries),
      };
    }
    return {
      statusCode: 200,
      headers: { ...cache, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(journalExport(state.head, entries)),
    };
  });

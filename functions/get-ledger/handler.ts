import { json, publicCache } from '@soquy/http';
import {
  browseEntries,
  fundPath,
  getHead,
  readFundAccess,
  readLedger,
  reversalsOfPage,
} from '@soquy/ledger';
import { beforeOfPage, parseJournalQuery } from '../shared/journal-query.ts';
import { startFunction } from '../shared/runtime.ts';
import { ledgerQuery } from './input.ts';

const runtime = startFunction();

const BROWSE_PARAMS = ['kind', 'month', 'q', 'before', 'page'] as const;

/**
 * GET /funds/{fundId}/ledger?after=SEQ&limit=N: public entries in order, with their hashes.
 * With `kind`, `month`, `q`, `before` or `page`: the fund page's journal view as JSON (a page
 * of 20, newest first or a month in journal order, the cursors, and which entries were reversed
 * by which seq); the same bounds as the page.
 */
export const handler = runtime
  .api({
    name: 'get-ledger',
    operation: readFundAccess,
    input: { path: fundPath, query: ledgerQuery },
  })
  .handler(async (event) => {
    const query = event.input.query;
    const fundId = event.input.path.fundId;
    const lang = query.lang === 'en' ? 'en' : 'vi';
    if (BROWSE_PARAMS.some((name) => query[name] !== undefined && query[name] !== '')) {
      // The raw values: `after` is then the cursor within a month.
      const journal = parseJournalQuery(event.queryStringParameters ?? {}, lang);
      if (journal.page !== undefined) {
        const { seq } = await getHead(runtime.deps, fundId);
        journal.browse.before = beforeOfPage(journal.page, seq);
      }
      const page = await browseEntries(runtime.deps, fundId, journal.browse);
      const reversedBy = await reversalsOfPage(runtime.deps, fundId, page.entries);
      return json(
        200,
        {
          fundId,
          ...page,
          reversedBy: Object.fromEntries(reversedBy),
        },
        publicCache(30),
      );
    }
    return json(
      200,
      await readLedger(runtime.deps, fundId, { after: query.after, limit: query.limit }),
      publicCache(30),
    );
  });

import { queryInt } from '@soquy/http';
import * as z from 'zod';

const text = z.string().optional();

/**
 * GET /funds/{fundId}/ledger: the handler validates with it and /openapi.json describes it, so
 * the two cannot drift apart.
 */
export const ledgerQuery = z.object({
  after: queryInt(0, Number.MAX_SAFE_INTEGER, 0),
  limit: queryInt(1, 1000, 100),
  // The fund page's filters (checked by parseJournalQuery, with readable messages).
  kind: text,
  month: text,
  q: text,
  before: text,
  page: text,
  lang: text,
});

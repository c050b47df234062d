import { HttpError, json } from '@soquy/http';
import {
  fundPath,
  getPeriodFigures,
  getReport,
  InvalidPeriodError,
  readReportAccess,
  vietnamDate,
} from '@soquy/ledger';
import * as z from 'zod';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

/** A period as written in the query; checked by parsePeriod, which says what is wrong. */
const periodField = z.string().max(100).optional();

const reportQuery = z.object({
  donorsAfter: z.string().max(300).optional(),
  payeesAfter: z.string().max(300).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional()
    .transform((v) => v ?? 50),
  from: periodField,
  to: periodField,
  month: periodField,
  year: periodField,
});

/**
 * GET /funds/{fundId}/report[?from=YYYY-MM-DD&to=YYYY-MM-DD | ?month= | ?year=]: totals, goal,
 * spending and income breakdowns, donor and payee pages; with a period, also its opening and
 * closing balances, receipts and spending (`period`). A period it cannot read is a 400
 * `invalid_period`, never the whole campaign instead.
 */
export const handler = runtime
  .api({
    name: 'get-report',
    operation: readReportAccess,
    input: { path: fundPath, query: reportQuery },
  })
  .handler(async (event) => {
    const { limit, donorsAfter, payeesAfter, from, to, month, year } = event.input.query;
    const { fundId } = event.input.path;
    const today = vietnamDate(runtime.deps.clock().toISOString());
    const [report, period] = await Promise.all([
      getReport(runtime.deps, fundId, {
        limit,
        ...(donorsAfter ? { donorsAfter } : {}),
        ...(payeesAfter ? { payeesAfter } : {}),
      }),
      getPeriodFigures(runtime.deps, fundId, { from, to, month, year }, today).catch((error) => {
        if (error instanceof InvalidPeriodError) {
          throw new HttpError(400, 'invalid_period', error.message, error.details, {
            cause: error,
          });
        }
        throw error;
      }),
    ]);
    return json(
      200,
      period ? { ...report, period: { ...period.period, ...period.figures } } : report,
      { 'cache-control': 'public, max-age=30' },
    );
  });

import { HttpError, json } from '@soquy/http';
import {
  fundPath,
  getPeriodFigures,
  getReport,
  InvalidPeriodError,
  readReportAccess,
  vietnamDate,
} from '@soquy/ledger';
import { startFunction } from '../shared/runtime.ts';
import { reportQuery } from './input.ts';

const runtime = startFunction();

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

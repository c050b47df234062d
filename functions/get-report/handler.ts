import { json } from '@soquy/http';
import { fundPath, getReport, readReportAccess } from '@soquy/ledger';
import * as z from 'zod';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();

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
});

/** GET /funds/{fundId}/report: totals, goal, spending and income breakdowns, donor and payee pages. */
export const handler = runtime
  .api({
    name: 'get-report',
    operation: readReportAccess,
    input: { path: fundPath, query: reportQuery },
  })
  .handler(async (event) => {
    const { limit, donorsAfter, payeesAfter } = event.input.query;
    const report = await getReport(runtime.deps, event.input.path.fundId, {
      limit,
      ...(donorsAfter ? { donorsAfter } : {}),
      ...(payeesAfter ? { payeesAfter } : {}),
    });
    return json(200, report, { 'cache-control': 'public, max-age=30' });
  });

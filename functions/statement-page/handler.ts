import { HttpError, publicBaseUrl } from '@soquy/http';
import { fundPath, getReport, logStatus, monthOf } from '@soquy/ledger';
import { qrSvg } from '@soquy/vietqr';
import { htmlPage, layout, pageLang, pathOf, statement, t } from '@soquy/web';
import { logDeps } from '../shared/log-runtime.ts';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['log']);
const log = logDeps(runtime);
const page = pagesOf(runtime);

/** Rows per page: one A4 sheet for the notice board, never the whole journal. */
const ROWS_PER_PAGE = 40;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * GET /f/{fundId}/statement[?month=YYYY-MM|all][&after=SEQ]: an A4 statement for the notice
 * board. A month (this month by default) is read from the journal's month index and the whole
 * campaign page by page, so the page costs its period and never the whole journal.
 */
export const handler = page({ name: 'statement-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const { deps } = runtime;
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const fundId = path.success ? path.data.fundId : '-';
  const query = event.queryStringParameters ?? {};
  const month = query.month ?? monthOf(deps.clock().toISOString());
  if (month !== 'all' && !(MONTH.test(month) && month >= '2000-01')) {
    throw new HttpError(
      400,
      'invalid_period',
      t(lang, 'invalidPeriod').replace('{value}', month.slice(0, 40)),
    );
  }
  const after = query.after === undefined ? 0 : Number(query.after);
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new HttpError(400, 'invalid_period', t(lang, 'invalidAfter'));
  }
  // The statement is cut at the latest signed checkpoint: its size and root are what a reader
  // compares with the log (and with what witnesses co-signed).
  const [report, { checkpoint }] = await Promise.all([
    getReport(deps, fundId, { limit: 1 }),
    logStatus(log, fundId),
  ]);
  const rows =
    month === 'all'
      ? await wholeJournalPage(fundId, after, report.head.seq)
      : await deps.store.readMonth(fundId, month, { after, limit: ROWS_PER_PAGE });
  const ofMonth = report.byMonth.find((m) => m.month === month);
  const sums =
    month === 'all'
      ? { in: report.totals.received, out: report.totals.spent }
      : { in: ofMonth?.received ?? 0, out: ofMonth?.spent ?? 0 };
  const baseUrl = publicBaseUrl(event);
  const pageUrl = `${baseUrl}/f/${fundId}`;
  const checkpointUrl = `${baseUrl}/funds/${fundId}/log/checkpoint`;
  const nextUrl =
    rows.next === undefined
      ? undefined
      : `/f/${fundId}/statement?month=${month}&after=${rows.next}${lang === 'en' ? '&lang=en' : ''}`;
  return htmlPage(
    200,
    layout({
      lang,
      title: `${t(lang, 'statementTitle')} · ${report.name}`,
      path: pathOf(event),
      body: statement(lang, {
        report,
        entries: rows.entries,
        ...(month === 'all' ? {} : { month }),
        sums,
        ...(nextUrl ? { nextUrl } : {}),
        qrSvg: await qrSvg(pageUrl),
        pageUrl,
        ...(checkpoint
          ? {
              checkpoint: {
                size: checkpoint.size,
                root: checkpoint.root,
                url: checkpointUrl,
                qrSvg: await qrSvg(checkpointUrl),
              },
            }
          : {}),
        generatedAt: deps.clock().toISOString(),
      }),
    }),
  );
});

async function wholeJournalPage(fundId: string, after: number, headSeq: number) {
  const limit = Math.min(ROWS_PER_PAGE, Math.max(0, headSeq - after));
  const entries = limit > 0 ? await runtime.deps.store.readEntries(fundId, { after, limit }) : [];
  const last = entries.at(-1)?.seq ?? after;
  return { entries, ...(last < headSeq ? { next: last } : {}) };
}

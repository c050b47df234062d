import { publicBaseUrl } from '@soquy/http';
import { fundPath, getStatement, logStatus, statementCursorText, vietnamDate } from '@soquy/ledger';
import { qrSvg } from '@soquy/vietqr';
import { htmlPage, layout, pageLang, pathOf, statement, t } from '@soquy/web';
import { orPeriodError } from './period-error.ts';
import { log, page, runtime } from './runtime.ts';

/** Rows per page: one A4 sheet for the notice board, never the whole journal. */
const ROWS_PER_PAGE = 40;

/**
 * GET /f/{fundId}/statement[?from=YYYY-MM-DD&to=YYYY-MM-DD | ?month=YYYY-MM|all | ?year=YYYY]
 * [&after=CURSOR]: an A4 statement for the notice board, this month by default. Opening and
 * closing balances come from the head's monthly sums plus, when the period cuts a month, that
 * month from the month index; the entries come from the month index a page at a time (the whole
 * campaign: from the journal a page at a time). Never the whole journal.
 */
export const handler = page({ name: 'statement-page', publicCacheSeconds: 60 }).handler(
  async (event) => {
    const lang = pageLang(event);
    const { deps } = runtime;
    const path = fundPath.safeParse(event.pathParameters ?? {});
    const fundId = path.success ? path.data.fundId : '-';
    const query = event.queryStringParameters ?? {};
    const now = deps.clock().toISOString();
    return orPeriodError(event, lang, fundId, async () => {
      // The statement is cut at the latest signed checkpoint: its size and root are what a reader
      // compares with the log (and with what witnesses co-signed).
      const [s, { checkpoint }] = await Promise.all([
        getStatement(deps, fundId, {
          query: { from: query.from, to: query.to, month: query.month, year: query.year },
          today: vietnamDate(now),
          after: query.after,
          limit: ROWS_PER_PAGE,
        }),
        logStatus(log, fundId),
      ]);
      const baseUrl = publicBaseUrl(event);
      const pageUrl = `${baseUrl}/f/${fundId}`;
      const checkpointUrl = `${baseUrl}/funds/${fundId}/log/checkpoint`;
      const en = lang === 'en' ? '&lang=en' : '';
      const periodQuery =
        s.period.kind === 'all'
          ? 'month=all'
          : s.period.kind === 'month'
            ? `month=${s.period.from.slice(0, 7)}`
            : s.period.kind === 'year'
              ? `year=${s.period.from.slice(0, 4)}`
              : `from=${s.period.from}&to=${s.period.to}`;
      const nextUrl = s.next
        ? `/f/${fundId}/statement?${periodQuery}&after=${statementCursorText(s.period, s.next)}${en}`
        : undefined;
      return htmlPage(
        200,
        layout({
          lang,
          title: `${t(lang, 'statementTitle')} · ${s.fund.name}`,
          path: pathOf(event),
          body: statement(lang, {
            statement: s,
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
            generatedAt: now,
          }),
        }),
      );
    });
  },
);

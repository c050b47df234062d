import { publicBaseUrl } from '@soquy/http';
import { fundPath, getReport, monthOf, readWholeJournal } from '@soquy/ledger';
import { qrSvg } from '@soquy/vietqr';
import { htmlPage, layout, pageLang, pathOf, statement, t } from '@soquy/web';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();
const page = pagesOf(runtime);

/** GET /f/{fundId}/statement[?month=YYYY-MM]: an A4 statement for the notice board. */
export const handler = page({ name: 'statement-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const { deps } = runtime;
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const fundId = path.success ? path.data.fundId : '-';
  const requested = event.queryStringParameters?.month;
  const month = requested && /^\d{4}-(0[1-9]|1[0-2])$/.test(requested) ? requested : undefined;
  const [report, { entries }] = await Promise.all([
    getReport(deps, fundId, { limit: 1 }),
    readWholeJournal(deps, fundId),
  ]);
  const pageUrl = `${publicBaseUrl(event)}/f/${fundId}`;
  return htmlPage(
    200,
    layout({
      lang,
      title: `${t(lang, 'statementTitle')} · ${report.name}`,
      path: pathOf(event),
      body: statement(lang, {
        report,
        entries: month ? entries.filter((e) => monthOf(e.occurredAt) === month) : entries,
        ...(month ? { month } : {}),
        qrSvg: await qrSvg(pageUrl),
        pageUrl,
        generatedAt: new Date().toISOString(),
      }),
    }),
  );
});

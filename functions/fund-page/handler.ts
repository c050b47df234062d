import { publicBaseUrl } from '@soquy/http';
import { findEntries, fundPath, getReport } from '@soquy/ledger';
import { formatVnd, fundPage, htmlPage, layout, pageLang, pathOf, t } from '@soquy/web';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();
const page = pagesOf(runtime);

const LATEST = 20;

/** GET /f/{fundId}[?q=REF]: the public transparency page of a fund. */
export const handler = page({ name: 'fund-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const { deps } = runtime;
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const report = await getReport(deps, path.success ? path.data.fundId : '-', { limit: 100 });
  const latest = (
    await deps.store.readEntries(report.fundId, {
      after: Math.max(0, report.head.seq - LATEST),
      limit: LATEST,
    })
  ).reverse();
  const query = event.queryStringParameters?.q?.slice(0, 100);
  const search = query
    ? { query, entries: await findEntries(deps, report.fundId, query) }
    : undefined;
  const baseUrl = publicBaseUrl(event);
  const description = `${t(lang, 'received')} ${formatVnd(report.totals.received)} · ${t(lang, 'spent')} ${formatVnd(report.totals.spent)} · ${t(lang, 'balance')} ${formatVnd(report.totals.balance)}`;
  return htmlPage(
    200,
    layout({
      lang,
      title: report.name,
      path: pathOf(event),
      description,
      openGraph: { title: report.name, description, url: `${baseUrl}/f/${report.fundId}` },
      body: fundPage(lang, { report, latest, baseUrl, ...(search ? { search } : {}) }),
    }),
    { 'cache-control': search ? 'no-store' : 'public, max-age=30' },
  );
});

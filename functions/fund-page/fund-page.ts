import { publicBaseUrl } from '@soquy/http';
import {
  browseEntries,
  checkReceipts,
  exportPaths,
  fundPath,
  getReport,
  listForkReports,
  logStatus,
  publicReconciliation,
  readExportIndex,
  reversalsOfPage,
} from '@soquy/ledger';
import { formatVnd, fundPage, htmlPage, layout, pageLang, pathOf, t } from '@soquy/web';
import { beforeOfPage, parseJournalQuery } from '../shared/journal-query.ts';
import { exports, log, page, runtime } from './runtime.ts';
import { shareImageAlt, shareImagePath } from './share-image.ts';

/**
 * GET /f/{fundId}[?q=&kind=&month=&before=&after=&page=]: the public transparency page of a
 * fund, with its journal a page at a time (filtered, searched).
 */
export const handler = page({ name: 'fund-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const { deps } = runtime;
  const params = event.queryStringParameters ?? {};
  // Checked before anything is read: a bad value is a readable 400.
  const journal = parseJournalQuery(params, lang);
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const report = await getReport(deps, path.success ? path.data.fundId : '-', { limit: 100 });
  if (journal.page !== undefined) {
    journal.browse.before = beforeOfPage(journal.page, report.head.seq);
    journal.echo.before = journal.browse.before;
  }
  // Independent reads, made together: a page of the journal, the export index, a receipt, the
  // bank reconciliation, the transparency log and the forks witnesses proved in it.
  const [browsed, { chunks }, receiptCheck, bank, status, forkReports] = await Promise.all([
    browseEntries(deps, report.fundId, journal.browse),
    readExportIndex(exports, report.fundId),
    checkReceipt(report.fundId, params),
    publicReconciliation(deps, report.fundId),
    logStatus(log, report.fundId),
    listForkReports(deps, report.fundId),
  ]);
  const reversedBy = await reversalsOfPage(deps, report.fundId, browsed.entries);
  const downloads = chunks.map((c) => ({
    first: c.first,
    last: c.last,
    files: exportPaths(report.fundId, c),
  }));
  const searched = Boolean(journal.echo.q || journal.echo.kind || journal.echo.month);
  const baseUrl = publicBaseUrl(event);
  const description = `${t(lang, 'received')} ${formatVnd(report.totals.received)} · ${t(lang, 'spent')} ${formatVnd(report.totals.spent)} · ${t(lang, 'balance')} ${formatVnd(report.totals.balance)}`;
  return htmlPage(
    200,
    layout({
      lang,
      title: report.name,
      path: pathOf(event),
      description,
      openGraph: {
        title: report.name,
        description,
        url: `${baseUrl}/f/${report.fundId}${lang === 'en' ? '?lang=en' : ''}`,
        image: {
          url: `${baseUrl}${shareImagePath(report.fundId, report.head.seq, lang)}`,
          width: 1200,
          height: 630,
          alt: shareImageAlt(lang, report),
        },
      },
      body: fundPage(lang, {
        report,
        browse: { query: journal.echo, ...browsed, reversedBy },
        baseUrl,
        downloads,
        bank,
        log: {
          logKey: status.logKey,
          ...(status.checkpoint
            ? {
                checkpoint: {
                  size: status.checkpoint.size,
                  root: status.checkpoint.root,
                  signedAt: status.checkpoint.signedAt,
                },
              }
            : {}),
          cosignatures: status.cosignatures,
          provenForks: forkReports
            .filter((r) => r.status === 'proven')
            .map(({ id, witness, finding, receivedAt }) => ({ id, witness, finding, receivedAt })),
        },
        ...(receiptCheck ? { receiptCheck } : {}),
      }),
    }),
    { 'cache-control': searched || receiptCheck ? 'no-store' : 'public, max-age=30' },
  );
});

/** `?seq=N&hash=H` from a printed receipt: does the journal still hold that hash at that seq? */
async function checkReceipt(fundId: string, query: Record<string, string | undefined>) {
  const seq = Number(query.seq);
  const hash = query.hash?.toLowerCase();
  if (!Number.isSafeInteger(seq) || seq < 1 || !hash || !/^[0-9a-f]{64}$/.test(hash))
    return undefined;
  const result = (await checkReceipts(runtime.deps, fundId, [{ seq, hash }])).get(seq) ?? 'missing';
  return { seq, hash, result };
}

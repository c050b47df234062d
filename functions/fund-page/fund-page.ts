import { publicBaseUrl } from '@soquy/http';
import {
  checkReceipts,
  exportPaths,
  findEntries,
  fundPath,
  getReport,
  logStatus,
  publicReconciliation,
  readExportIndex,
} from '@soquy/ledger';
import { formatVnd, fundPage, htmlPage, layout, pageLang, pathOf, t } from '@soquy/web';
import { exports, log, page, runtime } from './runtime.ts';

const LATEST = 20;

/** GET /f/{fundId}[?q=REF]: the public transparency page of a fund. */
export const handler = page({ name: 'fund-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const { deps } = runtime;
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const report = await getReport(deps, path.success ? path.data.fundId : '-', { limit: 100 });
  const query = event.queryStringParameters?.q?.slice(0, 100);
  // Independent reads, made together: the latest entries, the export index, a search, a receipt,
  // the bank reconciliation, the transparency log.
  const [latest, { chunks }, found, receiptCheck, bank, status] = await Promise.all([
    deps.store.readEntries(report.fundId, {
      after: Math.max(0, report.head.seq - LATEST),
      limit: LATEST,
    }),
    readExportIndex(exports, report.fundId),
    query ? findEntries(deps, report.fundId, query) : undefined,
    checkReceipt(report.fundId, event.queryStringParameters ?? {}),
    publicReconciliation(deps, report.fundId),
    logStatus(log, report.fundId),
  ]);
  latest.reverse();
  const downloads = chunks.map((c) => ({
    first: c.first,
    last: c.last,
    files: exportPaths(report.fundId, c),
  }));
  const search = query && found ? { query, entries: found } : undefined;
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
      body: fundPage(lang, {
        report,
        latest,
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
        },
        ...(search ? { search } : {}),
        ...(receiptCheck ? { receiptCheck } : {}),
      }),
    }),
    { 'cache-control': search || receiptCheck ? 'no-store' : 'public, max-age=30' },
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

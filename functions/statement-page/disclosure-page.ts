import { publicBaseUrl } from '@soquy/http';
import { fundPath, getDisclosure, vietnamDate } from '@soquy/ledger';
import { disclosure, disclosureTitle, htmlPage, layout, pageLang, pathOf } from '@soquy/web';
import { orPeriodError } from './period-error.ts';
import { page, runtime } from './runtime.ts';

/**
 * GET /f/{fundId}/disclosure[?year=YYYY | ?from=YYYY-MM-DD&to=YYYY-MM-DD | ?month=YYYY-MM|all]:
 * the yearly public disclosure report (Decree 93/2021/NĐ-CP), last calendar year by default (the
 * fund's life so far when it began this year). Reads the head and the period's entries from the
 * journal's month index: the cost is the period, never the whole journal.
 */
export const handler = page({ name: 'disclosure-page', publicCacheSeconds: 60 }).handler(
  async (event) => {
    const lang = pageLang(event);
    const { deps } = runtime;
    const path = fundPath.safeParse(event.pathParameters ?? {});
    const fundId = path.success ? path.data.fundId : '-';
    const query = event.queryStringParameters ?? {};
    const today = vietnamDate(deps.clock().toISOString());
    return orPeriodError(event, lang, fundId, async () => {
      const report = await getDisclosure(deps, fundId, {
        query: { from: query.from, to: query.to, month: query.month, year: query.year },
        today,
      });
      return htmlPage(
        200,
        layout({
          lang,
          title: `${disclosureTitle(lang)} · ${report.name}`,
          path: pathOf(event),
          body: disclosure(lang, { report, today, pageUrl: `${publicBaseUrl(event)}/f/${fundId}` }),
        }),
      );
    });
  },
);

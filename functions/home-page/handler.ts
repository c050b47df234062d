import { publicBaseUrl } from '@soquy/http';
import { listFunds } from '@soquy/ledger';
import { fundList, htmlPage, layout, pageLang, pathOf, t } from '@soquy/web';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction();
const page = pagesOf(runtime);

/** GET /: every fund with its goal bar and totals. */
export const handler = page({ name: 'home-page' }).handler(async (event) => {
  const lang = pageLang(event);
  const funds = await listFunds(runtime.deps);
  return htmlPage(
    200,
    layout({
      lang,
      title: t(lang, 'fundsTitle'),
      path: pathOf(event),
      description: t(lang, 'fundsIntro'),
      openGraph: {
        title: t(lang, 'fundsTitle'),
        description: t(lang, 'fundsIntro'),
        url: `${publicBaseUrl(event)}/${lang === 'en' ? '?lang=en' : ''}`,
      },
      body: fundList(lang, funds),
    }),
    { 'cache-control': 'public, max-age=30' },
  );
});

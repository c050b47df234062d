import { fundPath, getFund } from '@soquy/ledger';
import { formatVnd, type Lang, pageLang, shareImageSvg, svgToPng, t } from '@soquy/web';
import { page, runtime } from './runtime.ts';

/**
 * The share image's path. `v` is the head's seq: a new entry gives a new URL, so Facebook and
 * Zalo (which cache an og:image by URL) fetch the new totals; the same URL never changes.
 */
export function shareImagePath(fundId: string, seq: number, lang: Lang): string {
  return `/f/${fundId}/share.png?v=${seq}${lang === 'en' ? '&lang=en' : ''}`;
}

/** What the share image shows, as text (og:image:alt). */
export function shareImageAlt(
  lang: Lang,
  fund: { name: string; goal: { amount: number } | number; totals: { received: number } },
): string {
  const goal = typeof fund.goal === 'number' ? fund.goal : fund.goal.amount;
  return `${fund.name}: ${t(lang, 'received')} ${formatVnd(fund.totals.received)} / ${t(lang, 'goal')} ${formatVnd(goal)}`;
}

/**
 * GET /f/{fundId}/share.png: the fund's goal bar and totals as a 1200×630 PNG for Open Graph
 * (Facebook and Zalo show no SVG). One read of the fund's head; drawn as SVG, rendered by resvg.
 */
export const handler = page({ name: 'share-image' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const fund = await getFund(runtime.deps, path.success ? path.data.fundId : '-');
  const png = await svgToPng(
    shareImageSvg(lang, {
      name: fund.name,
      owner: fund.owner,
      goal: fund.goal,
      received: fund.totals.received,
      spent: fund.totals.spent,
      balance: fund.totals.balance,
    }),
  );
  const current = event.queryStringParameters?.v === String(fund.head.seq);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'image/png',
      // A versioned URL naming the current head never changes (a fund's name, owner and goal
      // are fixed when it opens, its totals at a seq are final): immutable, like a full tile.
      // Any other shows the latest totals, briefly.
      'cache-control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    },
    body: Buffer.from(png).toString('base64'),
    isBase64Encoded: true,
  };
});

import { html, type SafeHtml, trusted } from './html.ts';
import { type Lang, t } from './i18n.ts';

/**
 * Small, readable on a cheap phone, printable; no web fonts, no images to fetch, and no
 * JavaScript but the verification page's own check (allowed by its hash, see verify.ts).
 * No page may scroll sideways on a 360 px phone: long words (links, hashes, account numbers,
 * names typed without spaces) break anywhere, and only `.scroll` boxes may scroll on their own.
 * Wide tables (`table.entries`, `table.ruled`) keep readable columns and scroll inside their
 * `.scroll` box (which then needs tabindex="0", role="region" and a label for keyboards).
 */
const CSS = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafaf7;line-height:1.5;overflow-wrap:anywhere}
header,main,footer{max-width:44rem;margin:0 auto;padding:.75rem 1rem}header{display:flex;justify-content:space-between;align-items:center;border-bottom:3px solid #b8242a}
header a{color:#b8242a;text-decoration:none;font-weight:700}h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.2rem;margin-top:1.6rem}
label{display:block;font-weight:600;margin-top:.9rem}input[type=text],input[type=email],input[type=tel],input[type=date],select,textarea{width:100%;font-size:1rem;padding:.55rem;border:1px solid #888;border-radius:4px;background:#fff}
fieldset{border:1px solid #ccc;border-radius:4px;margin-top:.9rem}fieldset label{font-weight:400;margin-top:.3rem}
.error{color:#a4000f;font-weight:600;margin:.2rem 0}.alert{background:#fde8e8;border-left:4px solid #a4000f;padding:.6rem .8rem}
.ok{background:#e9f6ec;border-left:4px solid #1e7b34;padding:.6rem .8rem}.note{color:#555;font-size:.92rem}
button,.button{display:inline-block;font-size:1.05rem;padding:.65rem 1.3rem;margin-top:1rem;border:0;border-radius:4px;background:#b8242a;color:#fff;text-decoration:none;cursor:pointer}
button.secondary{background:#555}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
pre{white-space:pre-wrap;overflow-wrap:anywhere}.qr svg{width:100%;max-width:16rem;height:auto;background:#fff}dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;min-width:0}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;background:#eee;font-weight:700}.badge.paid{background:#d7f0dc}.badge.cancelled{background:#f1d6d6}
.receipt{border:2px solid #1b1b1b;padding:1rem;margin-top:1rem;background:#fff}
.goal-bar{height:1rem;background:#eee;border-radius:.5rem;overflow:hidden}.goal-bar span{display:block;height:100%;background:#1e7b34}
.card{border-bottom:1px solid #ddd;padding-bottom:.5rem}ul.unpaid{list-style:none;padding:0}.scroll{overflow-x:auto}.scroll>table.entries,.scroll>table.ruled{min-width:36rem}th,table.entries td,table.ruled td{overflow-wrap:break-word}table.entries td *,table.ruled td *{overflow-wrap:anywhere}.chart{max-width:100%;height:auto}.chart text{fill:#1b1b1b}
form.inline{display:inline}.pending{border:1px solid #ccc;padding:.5rem;margin:.5rem 0}
.totals{max-width:28rem}ol.entries{list-style:none;padding:0}ol.entries li{border-bottom:1px solid #ddd;padding:.4rem 0}
ol.entries p{margin:.15rem 0}.line{display:flex;justify-content:space-between;gap:.5rem;flex-wrap:wrap}.in{color:#1e7b34;font-weight:700}.out{color:#a4000f;font-weight:700}.qr.small svg{width:8rem}.sheet-foot{display:flex;gap:1rem;align-items:center;margin-top:1rem}
.signatures{display:flex;justify-content:space-between;margin-top:2rem;text-align:center}.signatures div{flex:1;min-height:5rem}
code,.mono,.proof,.receipt,.verify,.log{overflow-wrap:anywhere}code.vkey{display:block;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;background:#fff;border:1px solid #ddd;padding:.4rem}.sheet-foot p{min-width:0}
ol.proof{padding-left:1.6rem;margin:.3rem 0}.proof-block{border-top:1px dashed #999;margin-top:.8rem;padding-top:.3rem}.proof-block h4{margin:.2rem 0}
.checks{list-style:none;padding:0}.check{border-left:4px solid #bbb;background:#fff;padding:.4rem .7rem;margin:.5rem 0}.check .note{margin:.3rem 0 0}.mark{font-weight:700;font-size:1.15rem}
.check[data-state=ok]{border-color:#1e7b34}.check[data-state=ok] .mark{color:#1e7b34}.check[data-state=fail]{border-color:#a4000f}.check[data-state=fail] .mark{color:#a4000f}
.summary{border-left:4px solid #888;background:#f0f0f0;padding:.6rem .8rem;font-weight:600}.summary[data-state=ok]{background:#e9f6ec;border-color:#1e7b34}.summary[data-state=fail]{background:#fde8e8;border-color:#a4000f}
img,svg,video,input,select,textarea{max-width:100%}header>*,.line>*,.sheet-foot>*,.signatures>*{min-width:0}
.staff-bar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.25rem 1rem;border-bottom:1px solid #ddd;padding-bottom:.5rem}.staff-bar>*{min-width:0}.staff-bar button{margin-top:0;padding:.4rem .9rem;font-size:.95rem}
.staff-bar{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center;justify-content:space-between;border-bottom:1px solid #ddd;padding-bottom:.4rem}.staff-bar button{margin-top:0;padding:.45rem 1rem}
ul.staff-list{list-style:none;padding:0}ul.staff-list li{border-bottom:1px solid #ddd;padding:.5rem 0}
@page{size:A4;margin:14mm}
@media (max-width:30rem){dl{grid-template-columns:minmax(0,1fr);gap:0}dd{margin-bottom:.45rem}}
@media print{header,footer,form,.noprint{display:none!important}body{background:#fff}.receipt{border:1px solid #000;page-break-inside:avoid}}
`;

/** Our own constant CSS, not escaped: escaping turned `"Segoe UI"` and `a>b` into entities the browser drops. */
const STYLE = trusted(CSS);

export interface LayoutOptions {
  lang: Lang;
  title: string;
  body: SafeHtml;
  /** Path and query of this page, to link the same page in the other language. */
  path: string;
  description?: string;
  /** Seconds until the page reloads itself (waiting for a card payment). */
  refresh?: number;
  /** Open Graph: how a shared link looks on Zalo and Facebook. */
  openGraph?: {
    title: string;
    description: string;
    url: string;
    /** A PNG (Facebook and Zalo show no SVG), absolute URL, with its size and a text for it. */
    image?: { url: string; width: number; height: number; alt: string };
  };
}

function otherLanguage(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  if (lang === 'vi') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  return `${url.pathname}${url.search}`;
}

export function layout(options: LayoutOptions): string {
  const { lang, title, body, path } = options;
  return `<!doctype html>${html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · soquy</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
${options.refresh ? html`<meta http-equiv="refresh" content="${options.refresh}">` : ''}
${
  options.openGraph
    ? html`<meta property="og:type" content="website">
<meta property="og:site_name" content="soquy">
<meta property="og:locale" content="${lang === 'vi' ? 'vi_VN' : 'en_US'}">
<meta property="og:title" content="${options.openGraph.title}">
<meta property="og:description" content="${options.openGraph.description}">
<meta property="og:url" content="${options.openGraph.url}">
${
  options.openGraph.image
    ? html`<meta property="og:image" content="${options.openGraph.image.url}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="${options.openGraph.image.width}">
<meta property="og:image:height" content="${options.openGraph.image.height}">
<meta property="og:image:alt" content="${options.openGraph.image.alt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="${options.openGraph.image.url}">
<meta name="twitter:image:alt" content="${options.openGraph.image.alt}">`
    : html`<meta name="twitter:card" content="summary">`
}`
    : ''
}
<style>${STYLE}</style>
</head>
<body>
<header><a href="/">soquy · sổ quỹ minh bạch</a><a href="${otherLanguage(path, lang)}" hreflang="${lang === 'vi' ? 'en' : 'vi'}">${t(lang, 'other')}</a></header>
<main>
${body}
</main>
<footer class="note">soquy</footer>
</body>
</html>`}`;
}

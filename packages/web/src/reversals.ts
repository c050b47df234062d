import type { Entry } from '@soquy/ledger';
import { html, type SafeHtml } from './html.ts';
import type { Lang } from './i18n.ts';

/**
 * Reversals on public pages: a reversal names the entry it reverses, and the original shows
 * "đã điều chỉnh" (adjusted) with a link to each reversal. The fund page and the statement use
 * these; the lookup of reversals beyond a page is `reversalsOfPage` in @soquy/ledger.
 */
const TEXT = {
  vi: { adjusted: 'đã điều chỉnh', by: 'bởi bút toán', reverses: 'Đảo bút toán' },
  en: { adjusted: 'adjusted', by: 'by entry', reverses: 'Reverses entry' },
} as const;

/** Original seq → the seqs of the reversals among these entries (in seq order). */
export function reversalsOf(entries: readonly Entry[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const e of entries) {
    if (e.kind !== 'reversal' || e.refs.reverses === undefined) continue;
    const list = map.get(e.refs.reverses) ?? [];
    list.push(e.seq);
    map.set(
      e.refs.reverses,
      list.sort((a, b) => a - b),
    );
  }
  return map;
}

/**
 * Where an entry is shown on the fund page, whatever page it is on: the page of entries just
 * before `seq + 1` (newest first), anchored at the entry.
 */
export function entryHref(fundId: string, seq: number, lang: Lang): string {
  return `/f/${fundId}?before=${seq + 1}${lang === 'en' ? '&lang=en' : ''}#entry-${seq}`;
}

/** "đã điều chỉnh bởi bút toán #R" with a link to each reversal; '' when not reversed. */
export function adjustedLabel(
  lang: Lang,
  reversals: readonly number[] | undefined,
  link: (seq: number) => string,
): SafeHtml | '' {
  if (!reversals || reversals.length === 0) return '';
  const text = TEXT[lang];
  return html`<span class="badge adjusted" data-reversed-by="${reversals.join(' ')}">${text.adjusted}</span> <span class="note">${text.by} ${reversals.map((seq, i) => html`${i > 0 ? ', ' : ''}<a href="${link(seq)}">#${seq}</a>`)}</span>`;
}

/** "Đảo bút toán #N" with a link to the original; '' for any other entry. */
export function reversesLabel(
  lang: Lang,
  entry: Entry,
  link: (seq: number) => string,
): SafeHtml | '' {
  const seq = entry.refs.reverses;
  if (entry.kind !== 'reversal' || seq === undefined) return '';
  return html`<span class="reverses" data-reverses="${seq}">${TEXT[lang].reverses} <a href="${link(seq)}">#${seq}</a></span>`;
}

import { formatVnd } from '../format.ts';
import { html } from '../html.ts';
import { type Lang, t } from '../i18n.ts';

/** Open Graph's recommended size: what Facebook and Zalo show large. */
export const SHARE_IMAGE = { width: 1200, height: 630 } as const;

export interface ShareImageData {
  name: string;
  owner: string;
  goal: number;
  received: number;
  spent: number;
  balance: number;
}

/** Whole percent of the goal, rounded down, 0–100 (integer arithmetic: money is đồng). */
export function goalPercent(received: number, goal: number): number {
  return goal > 0 ? Math.min(100, Math.floor((Math.max(0, received) * 100) / goal)) : 0;
}

/**
 * A title on at most `lines` lines of about `width` characters, cut at spaces, the last line
 * ending in "…" when the title is longer. (DejaVu Sans Bold at 54 px: about 30 characters per
 * 1,080 px line for Vietnamese text.)
 */
export function wrapTitle(text: string, width: number, lines: number): string[] {
  const words = text.trim().split(/\s+/);
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) {
      line = next;
      continue;
    }
    out.push(line);
    line = word;
    if (out.length === lines) break;
  }
  if (out.length < lines && line) out.push(line);
  const used = out.join(' ').split(/\s+/).length;
  if (used < words.length || out.some((l) => l.length > width)) {
    const last = out.length - 1;
    const cut = (out[last] ?? '').slice(0, width - 1).trimEnd();
    out[last] = `${cut}…`;
  }
  return out.slice(0, lines);
}

/**
 * The fund's share card as SVG (1200×630): its name, the goal bar, received of goal, spent and
 * what is left, in đồng written the Vietnamese way. Rendered to PNG by svgToPng.
 */
export function shareImageSvg(lang: Lang, data: ShareImageData): string {
  const { width, height } = SHARE_IMAGE;
  const percent = goalPercent(data.received, data.goal);
  const barWidth = 1080;
  const filled = Math.round((barWidth * percent) / 100);
  const title = wrapTitle(data.name, 30, 2);
  const owner = wrapTitle(data.owner, 60, 1)[0] ?? '';
  const titleY = 150;
  const afterTitle = titleY + (title.length - 1) * 66;
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">
<rect width="${width}" height="${height}" fill="#fafaf7"/>
<rect width="${width}" height="14" fill="#b8242a"/>
<text x="60" y="78" font-size="28" font-weight="bold" fill="#b8242a">soquy · ${lang === 'vi' ? 'sổ quỹ minh bạch' : 'open fund ledger'}</text>
${title.map((line, i) => html`<text x="60" y="${titleY + i * 66}" font-size="54" font-weight="bold" fill="#1b1b1b">${line}</text>`)}
<text x="60" y="${afterTitle + 50}" font-size="28" fill="#555">${owner}</text>
<rect x="60" y="360" width="${barWidth}" height="44" rx="22" fill="#e4e4e4"/>
${filled > 0 ? html`<rect x="60" y="360" width="${Math.max(44, filled)}" height="44" rx="22" fill="#1e7b34"/>` : ''}
<text x="60" y="460" font-size="38" font-weight="bold" fill="#1e7b34">${t(lang, 'received')} ${formatVnd(data.received)}</text>
<text x="1140" y="460" font-size="30" text-anchor="end" fill="#1b1b1b">${percent}% · ${t(lang, 'goal')} ${formatVnd(data.goal)}</text>
<line x1="60" y1="500" x2="1140" y2="500" stroke="#dddddd" stroke-width="2"/>
<text x="60" y="560" font-size="32" fill="#1b1b1b">${t(lang, 'spent')}: <tspan font-weight="bold" fill="#a4000f">${formatVnd(data.spent)}</tspan></text>
<text x="1140" y="560" font-size="32" text-anchor="end" fill="#1b1b1b">${t(lang, 'balance')}: <tspan font-weight="bold">${formatVnd(data.balance)}</tspan></text>
</svg>`.value;
}

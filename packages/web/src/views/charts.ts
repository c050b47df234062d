import { formatVnd } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';

/** About what 14 px text holds across the 360-unit chart: longer labels end in "…" (the full one is the title). */
const LABEL_MAX_CHARS = 44;
const fitLabel = (label: string) => {
  const chars = [...label];
  if (chars.length <= LABEL_MAX_CHARS) return label;
  return `${chars
    .slice(0, LABEL_MAX_CHARS - 1)
    .join('')
    .trimEnd()}…`;
};

/** Horizontal bars with the label above each bar and the amount beside it: readable on a phone. */
export function barChart(rows: { label: string; amount: number }[], title: string): SafeHtml {
  const max = Math.max(1, ...rows.map((r) => r.amount));
  const rowHeight = 46;
  const height = rows.length * rowHeight + 6;
  return html`<svg class="chart" viewBox="0 0 360 ${height}" width="100%" role="img" aria-label="${title}">
<title>${title}</title>
${rows.map((r, i) => {
  const y = i * rowHeight;
  const width = Math.max(2, Math.round((Math.max(0, r.amount) * 200) / max));
  return html`<g><title>${r.label}: ${formatVnd(r.amount)}</title><text x="0" y="${y + 16}" font-size="14">${fitLabel(r.label)}</text>
<rect x="0" y="${y + 24}" width="${width}" height="16" fill="#b8242a"></rect>
<text x="${width + 6}" y="${y + 37}" font-size="13">${formatVnd(r.amount)}</text></g>`;
})}
</svg>`;
}

/** Money in (green) and out (red) per month, as paired columns with the month below. */
export function monthChart(
  months: { month: string; received: number; spent: number }[],
  title: string,
  legend: [string, string],
): SafeHtml {
  const max = Math.max(1, ...months.flatMap((m) => [m.received, m.spent]));
  const column = 64;
  const width = Math.max(320, months.length * column + 20);
  const top = 24;
  const plot = 160;
  const bar = (amount: number) => Math.round((Math.max(0, amount) * plot) / max);
  return html`<svg class="chart" viewBox="0 0 ${width} ${top + plot + 30}" width="100%" role="img" aria-label="${title}">
<title>${title}</title>
<rect x="4" y="4" width="12" height="12" fill="#1e7b34"></rect><text x="20" y="15" font-size="13">${legend[0]}</text>
<rect x="90" y="4" width="12" height="12" fill="#b8242a"></rect><text x="106" y="15" font-size="13">${legend[1]}</text>
${months.map((m, i) => {
  const x = 10 + i * column;
  const [year, month] = m.month.split('-');
  return html`<g><rect x="${x}" y="${top + plot - bar(m.received)}" width="22" height="${bar(m.received)}" fill="#1e7b34"><title>${formatVnd(m.received)}</title></rect>
<rect x="${x + 24}" y="${top + plot - bar(m.spent)}" width="22" height="${bar(m.spent)}" fill="#b8242a"><title>${formatVnd(m.spent)}</title></rect>
<text x="${x}" y="${top + plot + 18}" font-size="12">${month}/${year}</text></g>`;
})}
</svg>`;
}

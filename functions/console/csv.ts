import type { ApiResult } from '@soquy/http';

/** Excel reads a UTF-8 file as the local code page unless it starts with a byte order mark. */
const BOM = '\uFEFF';

/**
 * A spreadsheet opening a cell that starts with one of these runs it as a formula (CSV
 * injection); a leading apostrophe makes it plain text. Tab and carriage return too, as OWASP
 * advises, because some spreadsheets skip them before looking for the formula sign.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number): string {
  // Numbers are amounts in đồng (negative ones included): written as numbers, not neutralised.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of a header and its rows, lines ended by CRLF (RFC 4180). */
export function csvText(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/**
 * A console list as a CSV file the browser saves: UTF-8 with a BOM so Excel shows Vietnamese,
 * never cached (it holds donors' names), and named by `filename` (ASCII, the browser's
 * fallback, plus the RFC 5987 form for anything else).
 */
export function csvDownload(
  filename: string,
  header: string[],
  rows: (string | number)[][],
): ApiResult {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: BOM + csvText(header, rows),
  };
}

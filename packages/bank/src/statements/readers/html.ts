/**
 * An HTML table saved as .xls (what several banks' "Excel" downloads really are), read by a
 * small streaming tokenizer: only <tr>, <td>/<th> (colspan, rowspan) and <br> matter, text
 * outside cells is dropped as it passes, so memory stays bounded by one tag or one cell.
 */
import { textEncodingOf } from '../source.ts';
import type { CellValue } from '../text.ts';
import type { SheetRow } from './rows.ts';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  agrave: 'à',
  aacute: 'á',
  acirc: 'â',
  atilde: 'ã',
  egrave: 'è',
  eacute: 'é',
  ecirc: 'ê',
  igrave: 'ì',
  iacute: 'í',
  ograve: 'ò',
  oacute: 'ó',
  ocirc: 'ô',
  otilde: 'õ',
  ugrave: 'ù',
  uacute: 'ú',
  yacute: 'ý',
  Agrave: 'À',
  Aacute: 'Á',
  Acirc: 'Â',
  Atilde: 'Ã',
  Egrave: 'È',
  Eacute: 'É',
  Ecirc: 'Ê',
  Igrave: 'Ì',
  Iacute: 'Í',
  Ograve: 'Ò',
  Oacute: 'Ó',
  Ocirc: 'Ô',
  Otilde: 'Õ',
  Ugrave: 'Ù',
  Uacute: 'Ú',
  Yacute: 'Ý',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[name] ?? NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A line break inside a cell (<br>), kept through whitespace collapsing. */
const BREAK = '\u0001';

export async function* readHtmlRows(
  bytes: AsyncIterable<Uint8Array>,
  head: Uint8Array,
): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder(textEncodingOf(head));
  const tokenizer = new HtmlTableTokenizer();
  for await (const chunk of bytes) {
    yield* tokenizer.push(decoder.decode(chunk, { stream: true }));
  }
  yield* tokenizer.push(decoder.decode());
  yield* tokenizer.end();
}

class HtmlTableTokenizer {
  private buffer = '';
  /** Inside <script> or <style>: skip to its end tag. */
  private skipUntil: string | undefined;
  private rowNumber = 0;
  private row: CellValue[] | undefined;
  private rowOccupied = new Set<number>();
  private column = 0;
  /** Rows still covered by a rowspan, by column. */
  private pendingRowspans = new Map<number, number>();
  private cell: { raw: string; colspan: number; rowspan: number } | undefined;

  *push(text: string): Generator<SheetRow> {
    this.buffer += text;
    let position = 0;
    while (true) {
      if (this.skipUntil) {
        const end = this.buffer.toLowerCase().indexOf(this.skipUntil, position);
        if (end < 0) break;
        position = end + this.skipUntil.length;
        this.skipUntil = undefined;
        continue;
      }
      const open = this.buffer.indexOf('<', position);
      if (open < 0) {
        this.appendText(this.buffer.slice(position));
        position = this.buffer.length;
        break;
      }
      this.appendText(this.buffer.slice(position, open));
      position = open;
      if (this.buffer.startsWith('<!--', open)) {
        const end = this.buffer.indexOf('-->', open + 4);
        if (end < 0) break;
        position = end + 3;
        continue;
      }
      const close = this.buffer.indexOf('>', open);
      if (close < 0) break;
      position = close + 1;
      yield* this.tag(this.buffer.slice(open + 1, close));
    }
    this.buffer = this.buffer.slice(position);
  }

  *end(): Generator<SheetRow> {
    this.appendText(this.buffer);
    this.buffer = '';
    yield* this.finishRow();
  }

  private appendText(text: string) {
    if (this.cell && text) this.cell.raw += text;
  }

  private *tag(source: string): Generator<SheetRow> {
    const match = /^(\/?)\s*([a-zA-Z][a-zA-Z0-9]*)/.exec(source);
    if (!match) return;
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    if (!closing && (name === 'script' || name === 'style')) {
      this.skipUntil = `</${name}`;
      return;
    }
    switch (name) {
      case 'tr':
        yield* this.finishRow();
        if (!closing) this.startRow();
        break;
      case 'table':
        yield* this.finishRow();
        break;
      case 'td':
      case 'th':
        this.finishCell();
        if (!closing) {
          if (!this.row) this.startRow();
          this.cell = {
            raw: '',
            colspan: spanAttribute(source, 'colspan'),
            rowspan: spanAttribute(source, 'rowspan'),
          };
        }
        break;
      case 'br':
        if (this.cell) this.cell.raw += BREAK;
        break;
      case 'p':
      case 'div':
        if (closing && this.cell) this.cell.raw += BREAK;
        break;
    }
  }

  private startRow() {
    this.row = [];
    this.column = 0;
    this.rowOccupied = new Set(
      [...this.pendingRowspans].filter(([, rows]) => rows > 0).map(([column]) => column),
    );
  }

  private finishCell() {
    const cell = this.cell;
    const row = this.row;
    if (!cell || !row) return;
    this.cell = undefined;
    while (this.rowOccupied.has(this.column)) {
      row[this.column] = null;
      this.column += 1;
    }
    row[this.column] = cellValue(cell.raw);
    for (let offset = 0; offset < cell.colspan; offset++) {
      if (offset > 0) row[this.column + offset] = null;
      if (cell.rowspan > 1) this.pendingRowspans.set(this.column + offset, cell.rowspan - 1);
    }
    this.column += cell.colspan;
  }

  private *finishRow(): Generator<SheetRow> {
    this.finishCell();
    const row = this.row;
    if (!row) return;
    this.row = undefined;
    for (const column of this.rowOccupied) {
      const rows = (this.pendingRowspans.get(column) ?? 1) - 1;
      if (rows > 0) this.pendingRowspans.set(column, rows);
      else this.pendingRowspans.delete(column);
    }
    this.rowNumber += 1;
    const cells: CellValue[] = Array.from(row, (value) => value ?? null);
    yield { sheet: 1, row: this.rowNumber, cells };
  }
}

function spanAttribute(tag: string, name: string): number {
  const match = new RegExp(`${name}\\s*=\\s*["']?(\\d+)`, 'i').exec(tag);
  const span = match ? Number.parseInt(match[1] ?? '1', 10) : 1;
  return span >= 1 && span <= 1000 ? span : 1;
}

/** A cell's text as Excel shows it: HTML whitespace collapsed, &nbsp; and <br> kept. */
function cellValue(raw: string): CellValue {
  const text = decodeEntities(raw.replace(/<[^>]*>/g, '').replace(/[ \t\r\n\f]+/g, ' '))
    .replace(/\u00a0/g, ' ')
    .replaceAll(BREAK, '\n')
    .replace(/ *\n */g, '\n')
    .trim();
  return text === '' ? null : text;
}

import { HttpError } from '@soquy/http';
import { BROWSE_PAGE_SIZE, type BrowseQuery, isEntryKind } from '@soquy/ledger';
import { type Lang, parseVndInput } from '@soquy/web';

/** Longest search text accepted (a name, a reference, an amount). */
export const MAX_QUERY_TEXT = 100;

const COUNT = /^[1-9]\d{0,15}$/;
const CURSOR = /^\d{1,16}$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const MESSAGES = {
  vi: {
    kind: 'Loại khoản "{value}" không có. Chọn một loại trong danh sách, hoặc "Mọi loại".',
    month: 'Tháng "{value}" không hợp lệ. Viết tháng dạng NNNN-TT, ví dụ 2026-11.',
    page: 'Số trang "{value}" không hợp lệ. Dùng một số nguyên từ 1 trở lên.',
    before: 'Vị trí "{value}" không hợp lệ. Dùng các liên kết trang của sổ quỹ.',
    after: 'Vị trí "{value}" không hợp lệ. Chọn một tháng rồi dùng các liên kết trang.',
    mixed: 'Không thể vừa chọn tháng vừa dùng vị trí của toàn sổ. Bỏ một trong hai rồi thử lại.',
    q: 'Nội dung tìm kiếm quá dài ({length} ký tự). Viết tối đa {max} ký tự: một mã, một tên hoặc một số tiền.',
  },
  en: {
    kind: 'There is no kind of entry "{value}". Pick one from the list, or "Every kind".',
    month: 'The month "{value}" is not valid. Write it as YYYY-MM, for example 2026-11.',
    page: 'The page number "{value}" is not valid. Use a whole number from 1.',
    before: 'The position "{value}" is not valid. Use the journal\'s page links.',
    after: 'The position "{value}" is not valid. Pick a month, then use the page links.',
    mixed:
      'A month cannot be combined with a position in the whole journal. Drop one and try again.',
    q: 'The search text is too long ({length} characters). Write at most {max}: a reference, a name or an amount.',
  },
} as const;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => String(values[name] ?? all));

/** What the fund page and the ledger API accept, checked; page is turned into `before` later. */
export interface JournalQuery {
  browse: BrowseQuery;
  /** Echoed in the page's form and links. */
  echo: { kind?: string; month?: string; q?: string; before?: number; after?: number };
  page?: number;
}

/**
 * `kind`, `month` (YYYY-MM), `q` (reference, name or amount), `before` (newest-first cursor),
 * `after` (cursor within a month), `page` (1 = newest). A bad value is a 400 saying what to
 * write; nothing is read.
 */
export function parseJournalQuery(
  params: Record<string, string | undefined>,
  lang: Lang,
): JournalQuery {
  const text = MESSAGES[lang];
  const bad = (code: string, message: string) => new HttpError(400, code, message);
  const browse: BrowseQuery = {};
  const echo: JournalQuery['echo'] = {};
  const kind = params.kind?.trim();
  if (kind) {
    if (!isEntryKind(kind))
      throw bad('invalid_kind', fill(text.kind, { value: kind.slice(0, 40) }));
    browse.kind = kind;
    echo.kind = kind;
  }
  const month = params.month?.trim();
  if (month) {
    const m = MONTH.exec(month);
    if (!m || Number(m[1]) < 2000)
      throw bad('invalid_month', fill(text.month, { value: month.slice(0, 40) }));
    browse.month = month;
    echo.month = month;
  }
  const q = params.q?.trim();
  if (q) {
    if (q.length > MAX_QUERY_TEXT)
      throw bad('query_too_long', fill(text.q, { length: q.length, max: MAX_QUERY_TEXT }));
    const amount = parseVndInput(q);
    if (amount !== undefined && amount > 0) browse.amount = amount;
    else browse.text = q;
    echo.q = q;
  }
  let page: number | undefined;
  if (params.page !== undefined && params.page !== '') {
    if (!COUNT.test(params.page) || !Number.isSafeInteger(Number(params.page)))
      throw bad('invalid_page', fill(text.page, { value: params.page.slice(0, 40) }));
    page = Number(params.page);
  }
  if (params.before !== undefined && params.before !== '') {
    if (!COUNT.test(params.before) || !Number.isSafeInteger(Number(params.before)))
      throw bad('invalid_cursor', fill(text.before, { value: params.before.slice(0, 40) }));
    browse.before = Number(params.before);
    echo.before = browse.before;
  }
  if (params.after !== undefined && params.after !== '') {
    if (!CURSOR.test(params.after) || !Number.isSafeInteger(Number(params.after)) || !month)
      throw bad('invalid_cursor', fill(text.after, { value: params.after.slice(0, 40) }));
    browse.after = Number(params.after);
    echo.after = browse.after;
  }
  if (month && (browse.before !== undefined || page !== undefined))
    throw bad('invalid_cursor', text.mixed);
  return { browse, echo, ...(page !== undefined ? { page } : {}) };
}

/** `page` (1 = newest) as the newest-first cursor, once the head's seq is known. */
export function beforeOfPage(page: number, headSeq: number): number {
  return Math.max(1, headSeq + 1 - (page - 1) * BROWSE_PAGE_SIZE);
}

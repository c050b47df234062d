import { createHash } from 'node:crypto';
import { type ApiResult, isIdempotencyKey } from '@soquy/http';
import {
  AccessDeniedError,
  type Actor,
  type BankLine,
  bankLineDecisionInput,
  type Disbursement,
  decideBankLine,
  declareStatement,
  getFund,
  importStatementAccess,
  isAllowed,
  LedgerError,
  listBankQueue,
  listBankQueueAccess,
  listDisbursements,
  listStatements,
  listUnrouted,
  listUnroutedAccess,
  readStatement,
  recordTransfer,
  statementUploadInput,
  storeStatement,
  transferInput,
  vietnamDate,
  vietnamMidnight,
} from '@soquy/ledger';
import {
  type BankTextKey,
  bt,
  type FieldsState,
  formatVietnamTime,
  isImporting,
  issueMessage,
  type Lang,
  ledgerMessage,
  type PledgeCandidate,
  pageCsp,
  parseVndInput,
  type QueueItem,
  redirect,
  reviewQueue,
  STATEMENT_UPLOAD_SCRIPT,
  statementProgress,
  statementsPage,
  type TextKey,
  t,
  unroutedPage,
} from '@soquy/web';
import { fieldsOf, type SignedInContext, type SignedInPage, show } from '../context.ts';
import { csvDownload } from '../csv.ts';

/**
 * The largest statement the multipart form carries: Lambda takes an event up to 6 MB and the
 * file arrives in base64 (4/3 larger). Larger files go straight to storage from the browser.
 */
export const MAX_FORM_STATEMENT_BYTES = 4 * 1024 * 1024;

/**
 * The statements page runs one inline script (the large-file upload): allowed by its hash, and
 * it may talk to the console and to the storage it uploads to (S3 in AWS, this origin locally).
 */
const UPLOAD_CSP = `${pageCsp('')}; script-src 'sha256-${createHash('sha256').update(STATEMENT_UPLOAD_SCRIPT).digest('base64')}'; connect-src 'self' https://*.amazonaws.com`;

const q = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');
const amp = (lang: Lang) => (lang === 'en' ? '&lang=en' : '');
const fundOf = (context: SignedInContext) => context.params[0] ?? '';

/** The bank pages' own refusals (statements), by code; the rest are the console's. */
const STATEMENT_REFUSALS: Record<string, { vi: string; en: string }> = {
  already_decided: {
    vi: 'Giao dịch này đã được xử lý trước đó; không ghi thêm gì vào sổ.',
    en: 'This line was already settled; nothing more was recorded.',
  },
  bank_line_not_found: {
    vi: 'Không tìm thấy giao dịch ngân hàng này trong quỹ. Tải lại trang hàng chờ.',
    en: 'This bank line is not in the fund. Reload the queue.',
  },
  statement_already_imported: {
    vi: 'Tệp sao kê này đã được nhập trước đó; nhập lại sẽ không thêm gì.',
    en: 'This statement file was imported before; importing it again would add nothing.',
  },
  statement_wrong_account: {
    vi: 'Sao kê này của một tài khoản khác, không phải tài khoản của quỹ. Hãy tải sao kê của đúng tài khoản quỹ.',
    en: "This statement is for another account than the fund's. Upload the fund's own statement.",
  },
  statement_unrecognised: {
    vi: 'Không nhận ra định dạng tệp: hãy tải tệp sao kê gốc từ trang ngân hàng (.xlsx, .xls, .csv, .html).',
    en: "The file's format is not recognised: download the original statement from the bank's site (.xlsx, .xls, .csv, .html).",
  },
  statement_malformed: {
    vi: 'Tệp sao kê bị lỗi hoặc thiếu cột, nên không đọc được. Hãy tải lại tệp gốc từ ngân hàng.',
    en: 'The statement file is damaged or misses columns. Download it again from the bank.',
  },
  statement_unbalanced: {
    vi: 'Số dư trong sao kê không khớp với các giao dịch của nó (tệp thiếu dòng hoặc bị sửa). Hãy tải lại tệp gốc từ ngân hàng.',
    en: 'The balances in the statement do not add up (rows missing or edited). Download the original file again.',
  },
  statement_not_found: { vi: 'Không tìm thấy sao kê này.', en: 'There is no such statement.' },
};

/** Why a decision does not fit its line, by the reason the core names. */
const DECISION_REASONS: Record<string, { vi: string; en: string }> = {
  out_not_payment: {
    vi: 'Tiền ra không thể là khoản trả cam kết: chọn khoản chi tương ứng.',
    en: 'Money going out cannot pay a pledge: choose the spending it was.',
  },
  out_not_gift: {
    vi: 'Tiền ra không thể là khoản ủng hộ: chọn khoản chi tương ứng.',
    en: 'Money going out cannot be a gift: choose the spending it was.',
  },
  in_not_disbursement: {
    vi: 'Tiền vào không thể là khoản chi: chọn cam kết hoặc ghi là ủng hộ.',
    en: 'Money coming in cannot be spending: choose a pledge or record a gift.',
  },
  no_name: {
    vi: 'Ngân hàng không cho biết tên người chuyển: nhập tên để hiện, hoặc chọn giữ ẩn danh.',
    en: 'The bank gives no name for this sender: type the name to show, or keep the gift anonymous.',
  },
  name_not_public: {
    vi: 'Tên này không thể công khai như vậy: hãy nhập lại tên để hiện (không kèm số điện thoại, số tài khoản).',
    en: 'This name cannot be shown as it is: type the name to show (no phone or account numbers).',
  },
  amount_differs: {
    vi: 'Số tiền của khoản chi khác với số tiền ra khỏi tài khoản: chọn khoản chi đúng số tiền, hoặc ghi khoản chi mới.',
    en: 'The spending is for another amount than left the bank: choose the one of that amount, or record it.',
  },
  paid_in_cash: {
    vi: 'Khoản chi này trả bằng tiền mặt, còn tiền ra khỏi ngân hàng là chuyển khoản: chọn khoản chi khác.',
    en: 'That spending was paid in cash, but this money left the bank: choose another.',
  },
  already_linked: {
    vi: 'Khoản chi này đã gắn với một giao dịch ngân hàng khác.',
    en: 'That spending already shows as another bank line.',
  },
  disbursement_closed: {
    vi: 'Khoản chi này đã bị từ chối, rút lại hoặc đảo, nên không giải trình được tiền ra: ghi khoản chi mới.',
    en: 'That spending was rejected, withdrawn or reversed, so it cannot explain money out: record it again.',
  },
  copy_of_itself: {
    vi: 'Một giao dịch không thể là bản sao của chính nó.',
    en: 'A line cannot be a copy of itself.',
  },
  original_waiting: {
    vi: 'Giao dịch gốc cũng đang chờ: xử lý giao dịch đó trước, rồi đánh dấu giao dịch này là bản sao.',
    en: 'The line it copies is still waiting: settle that one first, then mark this one as its copy.',
  },
  copy_differs: {
    vi: 'Bản sao phải cùng số tiền và cùng chiều với giao dịch gốc.',
    en: 'A copy has the same amount and direction as the line it copies.',
  },
};

/**
 * A refusal in the page's language, by its code (and for a decision that does not fit, by the
 * reason the core names): never by matching the core's English sentence.
 */
export function refusalText(
  lang: Lang,
  error: LedgerError | { code: string; message: string; details?: unknown },
) {
  if (error.code === 'invalid_decision') {
    const reason = (error.details as { reason?: string } | undefined)?.reason;
    return (reason ? DECISION_REASONS[reason]?.[lang] : undefined) ?? bt(lang, 'badDecision');
  }
  return STATEMENT_REFUSALS[error.code]?.[lang] ?? ledgerMessage(lang, error);
}

/** Lines waiting for review, for the fund's console links. */
export async function bankWaiting(context: SignedInContext, fundId: string): Promise<number> {
  if (!isAllowed(listBankQueueAccess, context.event.actor, { fundId })) return 0;
  return context.deps.store.bank.queueSize(fundId);
}

/** The fund as the bank pages name it, when this staff member may see its bank pages. */
async function bankFund(context: SignedInContext, fundId: string) {
  if (!isAllowed(listBankQueueAccess, context.event.actor, { fundId })) return undefined;
  const fund = await getFund(context.deps, fundId);
  return { id: fund.id, name: fund.name };
}

// ---------------------------------------------------------------------------------------------
// Statements: the list, the upload form, the cash form.

async function renderStatements(
  context: SignedInContext,
  fundId: string,
  extra: { status?: number; flash?: string; uploadError?: string; transfer?: FieldsState } = {},
): Promise<ApiResult> {
  const fund = await bankFund(context, fundId);
  if (!fund) return redirect('/console');
  const { actor } = context.event;
  const [statements, waiting] = await Promise.all([
    listStatements(context.deps, fundId, actor),
    bankWaiting(context, fundId),
  ]);
  return show(
    context,
    extra.status ?? 200,
    `${bt(context.lang, 'statements')} · ${fund.name}`,
    statementsPage(context.lang, {
      fund,
      csrf: context.session.csrf,
      isTreasurer: isAllowed(importStatementAccess, actor, { fundId }),
      waiting,
      statements,
      maxFormBytes: MAX_FORM_STATEMENT_BYTES,
      today: vietnamDate(context.deps.clock().toISOString()),
      transfer: extra.transfer ?? { values: {}, errors: {} },
      ...(extra.flash ? { flash: extra.flash } : {}),
      ...(extra.uploadError ? { uploadError: extra.uploadError } : {}),
    }),
    {
      headers: { 'content-security-policy': UPLOAD_CSP },
      fund: { id: fund.id, name: fund.name },
    },
  );
}

/** GET /console/f/{fundId}/bank. */
export const statementsPageRoute: SignedInPage = async (context) => {
  const done = context.event.queryStringParameters?.done;
  return renderStatements(context, fundOf(context), {
    ...(done === 'transfer' ? { flash: bt(context.lang, 'done_transfer') } : {}),
  });
};

const progressUrl = (lang: Lang, statementId: string) =>
  `/console/statements/${statementId}${q(lang)}`;

/** POST /console/f/{fundId}/statements (multipart): the file, stored and queued for import. */
export const uploadStatementForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  if (!isAllowed(importStatementAccess, actor, { fundId })) return redirect(`/console/f/${fundId}`);
  const file = (context.event.form?.parts ?? []).find(
    (p) => p.file && p.file.bytes.length > 0,
  )?.file;
  if (!file) {
    return renderStatements(context, fundId, {
      status: 400,
      uploadError: bt(context.lang, 'noFile'),
    });
  }
  if (file.bytes.length > MAX_FORM_STATEMENT_BYTES) {
    return renderStatements(context, fundId, {
      status: 413,
      uploadError: bt(context.lang, 'tooLarge'),
    });
  }
  try {
    const statement = await storeStatement(
      context.deps,
      fundId,
      file.bytes,
      file.fileName ? file.fileName.slice(0, 200) : undefined,
      actor,
    );
    return redirect(progressUrl(context.lang, statement.statementId));
  } catch (error) {
    if (error instanceof AccessDeniedError) return redirect('/console');
    if (!(error instanceof LedgerError)) throw error;
    return renderStatements(context, fundId, {
      status: error.code === 'statement_already_imported' ? 409 : 400,
      uploadError: refusalText(context.lang, error),
    });
  }
};

const json = (statusCode: number, body: unknown): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * POST /console/f/{fundId}/statements/declare (the page's script, for files larger than the
 * form takes): the file's SHA-256 and size; answers where to PUT it and the progress page.
 */
export const declareStatementForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  const { lang } = context;
  if (!isAllowed(importStatementAccess, actor, { fundId })) {
    return json(403, {
      message:
        lang === 'en'
          ? "Only the fund's treasurers upload its statements."
          : 'Chỉ thủ quỹ của quỹ mới tải sao kê lên được.',
    });
  }
  const fields = fieldsOf(context);
  const parsed = statementUploadInput.safeParse({
    sha256: fields.sha256,
    size: Number(fields.size),
    ...(fields.fileName ? { fileName: fields.fileName.slice(0, 200) } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json(400, {
      message: lang === 'en' ? `${issue?.path.join('.')}: ${issue?.message}` : bt(lang, 'tooLarge'),
    });
  }
  try {
    const { statement, upload } = await declareStatement(context.deps, fundId, parsed.data, actor);
    return json(upload ? 201 : 200, {
      statementId: statement.statementId,
      status: statement.status,
      progress: progressUrl(lang, statement.statementId),
      ...(upload ? { upload } : {}),
    });
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    return json(error.code === 'statement_already_imported' ? 409 : 400, {
      message: refusalText(lang, error),
    });
  }
};

/** GET /console/statements/{statementId}: the import's progress; reloads itself until done. */
export const statementProgressPage: SignedInPage = async (context) => {
  const statementId = context.params[0] ?? '';
  let statement: Awaited<ReturnType<typeof readStatement>>;
  try {
    statement = await readStatement(context.deps, statementId, context.event.actor);
  } catch (error) {
    if (error instanceof AccessDeniedError) return redirect('/console');
    throw error;
  }
  const fund = await bankFund(context, statement.fundId);
  if (!fund) return redirect('/console');
  const importing = isImporting(statement.status);
  return show(
    context,
    200,
    `${bt(context.lang, 'progress')} · ${fund.name}`,
    statementProgress(context.lang, {
      fund,
      statement,
      waiting: await bankWaiting(context, fund.id),
      ...(statement.error ? { errorText: refusalText(context.lang, statement.error) } : {}),
    }),
    { ...(importing ? { refresh: 2 } : {}), fund: { id: fund.id, name: fund.name } },
  );
};

// ---------------------------------------------------------------------------------------------
// The review queue.

const QUEUE_PAGE = 50;

async function pledgeCandidates(context: SignedInContext, line: BankLine) {
  const found: PledgeCandidate[] = [];
  for (const id of (line.candidates?.pledges ?? []).slice(0, 5)) {
    const pledge = (await context.deps.store.pledges.get(id))?.value;
    if (!pledge || pledge.fundId !== line.fundId || pledge.status === 'cancelled') continue;
    found.push({
      pledgeId: pledge.pledgeId,
      reference: pledge.reference,
      donorName: pledge.donor.name,
      outstanding: Math.max(0, pledge.amount - pledge.paid - pledge.cancelled),
    });
  }
  return found;
}

/** Spending a line of money out may be: the fund's pending or approved transfers of its amount. */
function spendingFor(line: BankLine, open: Disbursement[], named: Disbursement[]) {
  const seen = new Set<string>();
  return [...named, ...open].filter((d) => {
    if (seen.has(d.id)) return false;
    seen.add(d.id);
    return (
      d.fundId === line.fundId &&
      d.amount === line.amount &&
      d.method === 'transfer' &&
      !d.bankLineId &&
      (d.status === 'pending_approval' || d.status === 'approved')
    );
  });
}

async function queueItems(
  context: SignedInContext,
  fundId: string,
  lines: BankLine[],
  actor: Actor,
): Promise<QueueItem[]> {
  const { store } = context.deps;
  const outflows = lines.some((l) => l.direction === 'out');
  const open = outflows
    ? (
        await Promise.all([
          listDisbursements(context.deps, fundId, 'pending_approval', actor),
          listDisbursements(context.deps, fundId, 'approved', actor),
        ])
      ).flat()
    : [];
  return Promise.all(
    lines.map(async (line) => {
      const [pledges, named, copies] = await Promise.all([
        line.direction === 'in' ? pledgeCandidates(context, line) : [],
        Promise.all(
          (line.candidates?.disbursements ?? [])
            .slice(0, 5)
            .map(async (id) => (await store.disbursements.get(id))?.value),
        ),
        Promise.all(
          (line.candidates?.lines ?? [])
            .slice(0, 5)
            .map(async (id) => (await store.bank.getLine(fundId, id))?.value),
        ),
      ]);
      return {
        line,
        pledges,
        disbursements:
          line.direction === 'out'
            ? spendingFor(
                line,
                open,
                named.filter((d): d is Disbursement => d !== undefined),
              )
            : [],
        copies: copies.filter((l): l is BankLine => l !== undefined && l.lineId !== line.lineId),
      };
    }),
  );
}

async function renderQueue(
  context: SignedInContext,
  fundId: string,
  extra: {
    status?: number;
    flash?: string;
    error?: { lineId?: string; message: string };
    values?: Record<string, string>;
  } = {},
): Promise<ApiResult> {
  const fund = await bankFund(context, fundId);
  if (!fund) return redirect('/console');
  const { actor } = context.event;
  const { lines, waiting } = await listBankQueue(context.deps, fundId, actor, {
    limit: QUEUE_PAGE,
  });
  return show(
    context,
    extra.status ?? 200,
    `${bt(context.lang, 'queue')} · ${fund.name}`,
    reviewQueue(context.lang, {
      fund,
      csrf: context.session.csrf,
      isTreasurer: isAllowed(importStatementAccess, actor, { fundId }),
      waiting,
      items: await queueItems(context, fundId, lines, actor),
      ...(extra.flash ? { flash: extra.flash } : {}),
      ...(extra.error ? { error: extra.error } : {}),
      ...(extra.values ? { values: extra.values } : {}),
    }),
    { fund: { id: fund.id, name: fund.name } },
  );
}

const DECISIONS = ['pledge', 'gift', 'cash', 'disbursement', 'duplicate', 'again'] as const;

/** GET /console/f/{fundId}/queue[?done=gift]. */
export const queuePage: SignedInPage = async (context) => {
  const done = context.event.queryStringParameters?.done as (typeof DECISIONS)[number] | undefined;
  return renderQueue(context, fundOf(context), {
    ...(done && DECISIONS.includes(done)
      ? { flash: bt(context.lang, `done_${done}` as BankTextKey) }
      : {}),
  });
};

/** The form's fields as the decision's input (before the schema checks it). */
function decisionOf(fields: Record<string, string>): Record<string, unknown> {
  switch (fields.action) {
    case 'pledge':
      return {
        action: 'pledge',
        ...(fields.pledgeId
          ? { pledgeId: fields.pledgeId }
          : { reference: (fields.reference ?? '').trim().toUpperCase() }),
      };
    case 'gift':
      return {
        action: 'gift',
        donorName: (fields.donorName ?? '').trim(),
        showName: fields.showName === '1',
        ...(fields.donorKind ? { donorKind: fields.donorKind } : {}),
      };
    case 'disbursement':
      return { action: 'disbursement', disbursementId: fields.disbursementId ?? '' };
    case 'duplicate':
      return { action: 'duplicate', of: fields.of ?? '' };
    default:
      return { action: fields.action ?? '' };
  }
}

/** POST /console/f/{fundId}/bank-lines/decision: one decision on one waiting line. */
export const decisionFormRoute: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  const { lang } = context;
  const fields = fieldsOf(context);
  const lineId = fields.lineId ?? '';
  const refused = (status: number, message: string) =>
    renderQueue(context, fundId, { status, error: { lineId, message }, values: fields });
  if (fields.action === 'gift' && fields.showName !== '1' && fields.showName !== '0') {
    return refused(400, bt(lang, 'chooseShowName'));
  }
  const parsed = bankLineDecisionInput.safeParse(decisionOf(fields));
  if (!parsed.success || !/^[\x21-\x7e]{1,200}$/.test(lineId)) {
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    return refused(
      400,
      issue && field && field !== 'action'
        ? issueMessage(lang, field, issue as Parameters<typeof issueMessage>[2])
        : bt(lang, 'badDecision'),
    );
  }
  let replayed: boolean;
  try {
    ({ replayed } = await decideBankLine(context.deps, fundId, lineId, parsed.data, actor));
  } catch (error) {
    if (error instanceof AccessDeniedError) return redirect(`/console/f/${fundId}/queue${q(lang)}`);
    if (!(error instanceof LedgerError)) throw error;
    return refused(error.code === 'already_decided' ? 409 : 400, refusalText(lang, error));
  }
  return redirect(
    `/console/f/${fundId}/queue?done=${replayed ? 'again' : parsed.data.action}${amp(lang)}`,
  );
};

// ---------------------------------------------------------------------------------------------
// Cash carried to or from the bank.

/** A day (YYYY-MM-DD) and a time (HH:MM) in Vietnam as an instant; undefined if either is none. */
function vietnamInstant(day: string, time: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  const clock = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim() || '00:00');
  if (!match || !clock) return undefined;
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, date));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return undefined;
  const midnight = vietnamMidnight(day.trim());
  if (!midnight) return undefined;
  const minutes = Number(clock[1]) * 60 + Number(clock[2]);
  return new Date(Date.parse(midnight) + minutes * 60_000).toISOString();
}

const TRANSFER_FIELD_TEXT: Record<string, BankTextKey> = {
  direction: 'transferDirection',
  amount: 'badAmount',
  occurredAt: 'badDate',
  memo: 'badMemo',
};

/** POST /console/f/{fundId}/transfers: cash paid into the account, or drawn from it. */
export const transferForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  const { lang } = context;
  const fields = fieldsOf(context);
  const occurredAt = vietnamInstant(fields.day ?? '', fields.time ?? '');
  const parsed = transferInput.safeParse({
    direction: fields.direction,
    amount: parseVndInput(fields.amount ?? '') ?? fields.amount,
    occurredAt: occurredAt ?? '',
    memo: (fields.memo ?? '').trim(),
  });
  const again = (status: number, errors: Record<string, string>) =>
    renderStatements(context, fundId, { status, transfer: { values: fields, errors } });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'amount');
      // By field, in the page's language: never the schema's English words.
      errors[field] ??= bt(lang, TRANSFER_FIELD_TEXT[field] ?? 'badDecision');
    }
    if (errors.direction)
      errors.direction =
        lang === 'en' ? 'Choose paid in or drawn out.' : 'Vui lòng chọn chiều nộp hoặc rút.';
    return again(400, errors);
  }
  const key = fields.key || crypto.randomUUID();
  if (!isIdempotencyKey(key)) {
    return again(400, { amount: bt(lang, 'staleForm') });
  }
  try {
    await recordTransfer(context.deps, fundId, parsed.data, actor, key);
  } catch (error) {
    if (error instanceof AccessDeniedError) return redirect(`/console/f/${fundId}/bank${q(lang)}`);
    if (!(error instanceof LedgerError)) throw error;
    const dated = error.code === 'date_out_of_range' || error.code === 'future_date';
    const field = dated ? 'occurredAt' : 'amount';
    return again(error.code === 'insufficient_funds' ? 409 : 400, {
      [field]: refusalText(lang, error),
    });
  }
  return redirect(`/console/f/${fundId}/bank?done=transfer${amp(lang)}`);
};

// ---------------------------------------------------------------------------------------------
// For administrators: notifications for accounts no fund owns.

/** GET /console/bank/unrouted. */
export const unroutedPageRoute: SignedInPage = async (context) => {
  if (!isAllowed(listUnroutedAccess, context.event.actor, {})) return redirect('/console');
  const items = await listUnrouted(context.deps, context.event.actor);
  return show(context, 200, bt(context.lang, 'unrouted'), unroutedPage(context.lang, items));
};

// ---------------------------------------------------------------------------------------------
// The review queue as a CSV file.

const QUEUE_HEADERS: Record<Lang, string[]> = {
  vi: [
    'Mã giao dịch',
    'Ngân hàng ghi lúc',
    'Chiều',
    'Số tiền (đồng)',
    'Người chuyển / nhận',
    'Tài khoản đối ứng',
    'Nội dung',
    'Lý do chờ',
    'Chờ từ',
  ],
  en: [
    'Line id',
    'Booked at',
    'Direction',
    'Amount (đồng)',
    'Counterpart',
    'Counterpart account',
    'Memo',
    'Why it waits',
    'Waiting since',
  ],
};

/** GET /console/f/{fundId}/queue.csv: every line waiting for review, both directions. */
export const queueCsv: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  const { lang } = context;
  if (!isAllowed(listBankQueueAccess, actor, { fundId })) return redirect('/console');
  const lines: BankLine[] = [];
  for (const direction of ['in', 'out'] as const) {
    let after: string | undefined;
    do {
      const page = await listBankQueue(context.deps, fundId, actor, {
        direction,
        limit: 500,
        ...(after ? { after } : {}),
      });
      lines.push(...page.lines);
      after = page.next;
    } while (after);
  }
  lines.sort((a, b) => a.bookedAt.localeCompare(b.bookedAt));
  return csvDownload(
    `${fundId}-queue.csv`,
    QUEUE_HEADERS[lang],
    lines.map((line) => [
      line.lineId,
      formatVietnamTime(line.bookedAt, lang),
      lang === 'en'
        ? line.direction === 'in'
          ? 'in'
          : 'out'
        : line.direction === 'in'
          ? 'tiền vào'
          : 'tiền ra',
      line.amount,
      line.counterpart?.name ?? '',
      line.counterpart?.account ?? '',
      line.memo,
      t(lang, `reason_${line.reason ?? 'no_reference'}` as TextKey),
      formatVietnamTime(line.firstSeenAt, lang),
    ]),
  );
};

import type { ApiEvent } from '@soquy/http';
import { hasRole, publicBaseUrl } from '@soquy/http';
import {
  approveDisbursement,
  getEvidence,
  getFund,
  LedgerError,
  listDisbursements,
  listFunds,
  readDisbursement,
  recordDisbursement,
  recordPayment,
  rejectDisbursement,
  reverseEntry,
  storeEvidence,
} from '@soquy/ledger';
import {
  type ApiResult,
  consoleHome,
  ct,
  emptyForm,
  type FormState,
  formFields,
  fundConsole,
  htmlPage,
  layout,
  page,
  pageLang,
  parseMultipart,
  parseVndInput,
  pathOf,
  redirect,
  signInPage,
} from '@soquy/web';
import type { ZodError } from 'zod';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { disbursementBody, paymentBody, reversalBody } from '../shared/schemas.ts';
import {
  clearedSessionCookie,
  cookieOf,
  exchangeCode,
  hostedUiUrl,
  SESSION_COOKIE,
  type Session,
  sessionCookie,
  sessionFrom,
  signInMode,
} from './session.ts';

type Lang = 'vi' | 'en';

/** A date from <input type="date"> as midnight in Vietnam, in UTC. */
const vnMidnight = (date: string | undefined) =>
  date && /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? new Date(`${date}T00:00:00+07:00`).toISOString()
    : (date ?? '');

function errorsOf(
  lang: Lang,
  error: ZodError,
  rename: Record<string, string> = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    errors[rename[path] ?? String(issue.path.at(-1) ?? 'amount')] =
      lang === 'en' ? issue.message : ct(lang, 'invalid');
  }
  return errors;
}

/** The console: sign-in, then per fund the receipt, spending and reversal forms, the approval queue, the journal. */
export const handler = page({ name: 'console' }).handler(async (event: ApiEvent) => {
  const lang = pageLang(event);
  const method = event.requestContext.http.method;
  const path = event.rawPath;
  const base = publicBaseUrl(event);
  const secure = base.startsWith('https:');
  const show = (status: number, title: string, body: Parameters<typeof layout>[0]['body']) =>
    htmlPage(status, layout({ lang, title, path: pathOf(event), body }));

  // Signing in and out needs no session.
  if (path === '/console/sign-in') {
    if (method === 'POST' && signInMode() === 'dev') {
      const token = (formFields(event).token ?? '').trim();
      const session = await sessionFrom(token);
      if (!session)
        return show(
          401,
          ct(lang, 'signIn'),
          signInPage(lang, { mode: 'dev', error: ct(lang, 'badToken') }),
        );
      return {
        ...redirect('/console'),
        cookies: [sessionCookie(token, session.expiresAt, secure)],
      };
    }
    return show(
      200,
      ct(lang, 'signIn'),
      signInPage(lang, { mode: signInMode(), hostedUiUrl: hostedUiUrl(base) }),
    );
  }
  if (path === '/console/callback' && signInMode() === 'cognito') {
    const token = await exchangeCode(event.queryStringParameters?.code ?? '', base);
    const session = await sessionFrom(token);
    if (!session) return redirect('/console/sign-in');
    return { ...redirect('/console'), cookies: [sessionCookie(token, session.expiresAt, secure)] };
  }

  const session = await sessionFrom(cookieOf(event, SESSION_COOKIE));
  if (!session) return redirect('/console/sign-in');
  const { principal } = session;

  if (method === 'POST') {
    const isMultipart = (event.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const raw = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64')
      : Buffer.from(event.body ?? '', 'utf8');
    const parts = isMultipart ? parseMultipart(raw, event.headers['content-type'] ?? '') : [];
    const fields = isMultipart
      ? Object.fromEntries(parts.filter((p) => !p.file).map((p) => [p.name, p.value]))
      : formFields(event);
    if (fields.csrf !== session.csrf)
      return show(
        403,
        ct(lang, 'console'),
        signInPage(lang, { mode: signInMode(), hostedUiUrl: hostedUiUrl(base), error: 'CSRF' }),
      );
    if (path === '/console/sign-out')
      return { ...redirect('/console/sign-in'), cookies: [clearedSessionCookie] };
    return handlePost(lang, path, fields, parts, session, show);
  }

  const evidenceLink = /^\/console\/f\/([a-z0-9-]+)\/evidence\/([0-9a-f]{64})$/.exec(path);
  if (evidenceLink) {
    const [, fundId = '', sha256 = ''] = evidenceLink;
    if (!hasRole(principal, 'treasurer', fundId) && !hasRole(principal, 'approver', fundId))
      return redirect('/console');
    const deps = evidenceDeps();
    const file = await getEvidence(deps, fundId, sha256);
    if (!file) return show(404, '404', signInPage(lang, { mode: signInMode() }));
    return redirect(await deps.evidence.readUrl(fundId, sha256, file.contentType));
  }
  const fundPage = /^\/console\/f\/([a-z0-9-]+)$/.exec(path);
  if (fundPage) {
    return renderFund(lang, fundPage[1] as string, session, show, {
      flash: event.queryStringParameters?.done ? ct(lang, 'done') : undefined,
    });
  }
  const funds = await listFunds(evidenceDeps());
  const mine = funds
    .map((fund) => ({
      fund,
      roles: (['treasurer', 'approver'] as const).filter((r) => hasRole(principal, r, fund.id)),
    }))
    .filter((f) => f.roles.length > 0);
  return show(200, ct(lang, 'console'), consoleHome(lang, principal.username, mine, session.csrf));
});

type Show = (
  status: number,
  title: string,
  body: Parameters<typeof layout>[0]['body'],
) => ApiResult;

async function renderFund(
  lang: Lang,
  fundId: string,
  session: Session,
  show: Show,
  extra: {
    flash?: string | undefined;
    status?: number;
    forms?: Partial<{ payment: FormState; spending: FormState; reversal: FormState }>;
  },
) {
  const deps = evidenceDeps();
  const { principal } = session;
  const isTreasurer = hasRole(principal, 'treasurer', fundId);
  const isApprover = hasRole(principal, 'approver', fundId);
  if (!isTreasurer && !isApprover) return redirect('/console');
  const fund = await getFund(deps, fundId);
  const [pending, journal] = await Promise.all([
    listDisbursements(deps, fundId, 'pending_approval'),
    deps.store.readEntries(fundId, { after: Math.max(0, fund.head.seq - 50), limit: 50 }),
  ]);
  return show(
    extra.status ?? 200,
    `${fund.name} · ${ct(lang, 'console')}`,
    fundConsole(lang, {
      fund,
      user: principal.username,
      isTreasurer,
      isApprover,
      csrf: session.csrf,
      pending,
      journal: journal.reverse(),
      ...(extra.flash ? { flash: extra.flash } : {}),
      forms: { payment: emptyForm(), spending: emptyForm(), reversal: emptyForm(), ...extra.forms },
    }),
  );
}

async function handlePost(
  lang: Lang,
  path: string,
  fields: Record<string, string>,
  parts: ReturnType<typeof parseMultipart>,
  session: Session,
  show: Show,
): Promise<ApiResult> {
  const { principal } = session;
  const deps = evidenceDeps();
  const back = (fundId: string) =>
    redirect(`/console/f/${fundId}?done=1${lang === 'en' ? '&lang=en' : ''}`);
  /** Domain refusals (overdraft, unknown reference…) go next to the form, never as a stack trace. */
  const refuse = (
    fundId: string,
    form: 'payment' | 'spending' | 'reversal',
    field: string,
    error: unknown,
  ) => {
    if (!(error instanceof LedgerError)) throw error;
    const status =
      error.code === 'insufficient_funds' || error.code === 'already_decided' ? 409 : 400;
    return renderFund(lang, fundId, session, show, {
      status,
      forms: { [form]: { values: fields, errors: { [field]: error.message } } },
    });
  };

  const decision = /^\/console\/disbursements\/(db_[a-z0-9]+)\/(approve|reject)$/.exec(path);
  if (decision) {
    const [, id = '', verb] = decision;
    const { value } = await readDisbursement(deps, id);
    if (!hasRole(principal, 'approver', value.fundId)) return redirect('/console');
    try {
      if (verb === 'approve') await approveDisbursement(deps, id, principal.username);
      else await rejectDisbursement(deps, id, principal.username, fields.reason ?? '');
    } catch (error) {
      return refuse(value.fundId, 'spending', 'amount', error);
    }
    return back(value.fundId);
  }

  const action = /^\/console\/f\/([a-z0-9-]+)\/(payments|disbursements|reversals)$/.exec(path);
  if (!action) return redirect('/console');
  const [, fundId = '', kind] = action;
  if (!hasRole(principal, 'treasurer', fundId)) return redirect(`/console/f/${fundId}`);

  if (kind === 'payments') {
    const candidate = {
      ...(fields.reference
        ? { reference: fields.reference }
        : {
            donor: {
              name: fields.donorName ?? '',
              kind: fields.donorKind ?? 'individual',
              showName: fields.showName === '1',
            },
          }),
      amount: parseVndInput(fields.amount ?? '') ?? fields.amount,
      method: fields.method,
      receivedAt: vnMidnight(fields.receivedAt),
      receiptNo: fields.receiptNo,
      bankRef: fields.bankRef,
    };
    const parsed = paymentBody.safeParse(candidate);
    if (!parsed.success) {
      return renderFund(lang, fundId, session, show, {
        status: 400,
        forms: {
          payment: {
            values: fields,
            errors: errorsOf(lang, parsed.error, { 'donor.name': 'donorName' }),
          },
        },
      });
    }
    try {
      await recordPayment(
        deps,
        fundId,
        parsed.data,
        principal.username,
        fields.key || crypto.randomUUID(),
      );
    } catch (error) {
      return refuse(fundId, 'payment', fields.reference ? 'reference' : 'amount', error);
    }
    return back(fundId);
  }

  if (kind === 'reversals') {
    const parsed = reversalBody.safeParse({ seq: Number(fields.seq), reason: fields.reason ?? '' });
    if (!parsed.success)
      return renderFund(lang, fundId, session, show, {
        status: 400,
        forms: { reversal: { values: fields, errors: errorsOf(lang, parsed.error) } },
      });
    try {
      await reverseEntry(deps, fundId, parsed.data.seq, parsed.data.reason, principal.username);
    } catch (error) {
      return refuse(fundId, 'reversal', 'seq', error);
    }
    return back(fundId);
  }

  // Spending: the files first (each stored under its SHA-256), then the disbursement naming them.
  const files = parts.filter((p) => p.file && p.file.bytes.length > 0);
  const candidate = {
    amount: parseVndInput(fields.amount ?? '') ?? fields.amount,
    category: fields.category,
    payee: { name: fields.payee ?? '', kind: fields.payeeKind },
    purpose: fields.purpose ?? '',
    paidAt: vnMidnight(fields.paidAt),
    method: fields.method,
    evidence: [] as string[],
  };
  const parsed = disbursementBody.safeParse(candidate);
  if (!parsed.success) {
    return renderFund(lang, fundId, session, show, {
      status: 400,
      forms: {
        spending: {
          values: fields,
          errors: errorsOf(lang, parsed.error, {
            'payee.name': 'payee',
            'payee.kind': 'payeeKind',
          }),
        },
      },
    });
  }
  try {
    const evidence: string[] = [];
    for (const part of files) {
      const file = part.file as NonNullable<typeof part.file>;
      const stored = await storeEvidence(deps, fundId, file.bytes, {
        contentType: file.contentType,
        visibility: fields.visibility === 'private' ? 'private' : 'public',
        fileName: file.fileName,
        uploadedBy: principal.username,
      });
      evidence.push(stored.sha256);
    }
    await recordDisbursement(
      deps,
      fundId,
      { ...parsed.data, evidence },
      principal.username,
      fields.key || crypto.randomUUID(),
    );
  } catch (error) {
    return refuse(fundId, 'spending', 'files', error);
  }
  return back(fundId);
}

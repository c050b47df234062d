import { createHash } from 'node:crypto';
import { isIdempotencyKey } from '@soquy/http';
import {
  actorName,
  approveDisbursement,
  assertEvidenceAcceptable,
  decideDisbursement,
  disbursementInput,
  getFund,
  isAllowed,
  LedgerError,
  paymentInput,
  recordDisbursement,
  recordDisbursementAccess,
  recordPayment,
  recordPaymentAccess,
  rejectDisbursement,
  requireDisbursement,
  reversalInput,
  reverseEntry,
  reverseEntryAccess,
  storeEvidence,
  vietnamMidnight,
  withdrawDisbursement,
} from '@soquy/ledger';
import { ct, fieldMessage, issueMessage, type Lang, parseVndInput, redirect } from '@soquy/web';
import type { ZodError } from 'zod';
import { fieldsOf, type SignedInContext, type SignedInPage } from '../context.ts';
import { backToFund, refuse, refuseOnItem, renderFund } from './fund.ts';

/**
 * Field problems next to the form's own field names, each saying what to enter, in the page's
 * language: chosen by the field and the issue's code, never by the schema's English words.
 */
function errorsOf(
  lang: Lang,
  error: ZodError,
  rename: Record<string, string> = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const field = rename[path] ?? String(issue.path.at(-1) ?? 'amount');
    // The first problem of a field is the one to fix first.
    errors[field] ??= issueMessage(lang, field, issue as Parameters<typeof issueMessage>[2]);
  }
  return errors;
}

const fundOf = (context: SignedInContext) => context.params[0] ?? '';

/**
 * A date from <input type="date"> (YYYY-MM-DD), as midnight in Vietnam; undefined when the text
 * names no day of the calendar ("2026-02-30", "abc", "99999-01-01"), which Date would otherwise
 * roll over into another day or refuse later with less to say.
 */
function calendarDay(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const exists =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? vietnamMidnight(value.trim()) : undefined;
}

/**
 * A form's date field for its input schema, and the error to show when it names no day. An empty
 * field is left to the schema, which says it is required.
 */
function dateField(lang: Lang, value: string | undefined, name: string) {
  const text = (value ?? '').trim();
  const day = text ? calendarDay(text) : undefined;
  return {
    value: day ?? '',
    errors: text && !day ? { [name]: ct(lang, 'badDate') } : ({} as Record<string, string>),
  };
}

/**
 * The form's idempotency key (a hidden field the page fills with a UUID), checked by the API's
 * own rule; a form without one gets a fresh key. Undefined when the field was tampered with.
 */
function formKey(fields: Record<string, string>): string | undefined {
  const key = fields.key || crypto.randomUUID();
  return isIdempotencyKey(key) ? key : undefined;
}

/** The form field a refusal names (a date out of range says which), or the form's usual one. */
function fieldOf(error: unknown, fallback: string): string {
  const details = error instanceof LedgerError ? error.details : undefined;
  const field =
    typeof details === 'object' && details !== null
      ? (details as { field?: unknown }).field
      : undefined;
  return typeof field === 'string' ? field : fallback;
}

/** The form shown again with a fresh key, when the one it came with is not a key. */
const staleForm = (context: SignedInContext, fields: Record<string, string>) => ({
  values: { ...fields, key: '' },
  errors: { amount: ct(context.lang, 'staleForm') },
});

/** POST /console/f/{fundId}/payments: the receipt form. */
export const paymentForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  if (!isAllowed(recordPaymentAccess, actor, { fundId })) return redirect(`/console/f/${fundId}`);
  const fields = fieldsOf(context);
  const receivedAt = dateField(context.lang, fields.receivedAt, 'receivedAt');
  // A gift without a pledge is public or anonymous as the treasurer chose, never by default:
  // a missing choice is refused, not read as "anonymous" (a pledge carries its donor's choice).
  const showName = fields.showName === '1' ? true : fields.showName === '0' ? false : undefined;
  const choice: Record<string, string> =
    !fields.reference && showName === undefined
      ? { showName: fieldMessage(context.lang, 'showName') }
      : {};
  const parsed = paymentInput.safeParse({
    ...(fields.reference
      ? { reference: fields.reference }
      : {
          donor: {
            name: fields.donorName ?? '',
            kind: fields.donorKind ?? 'individual',
            showName: showName ?? false,
          },
        }),
    amount: parseVndInput(fields.amount ?? '') ?? fields.amount,
    method: fields.method,
    receivedAt: receivedAt.value,
    receiptNo: fields.receiptNo,
    bankRef: fields.bankRef,
  });
  if (
    !parsed.success ||
    Object.keys(receivedAt.errors).length > 0 ||
    Object.keys(choice).length > 0
  ) {
    return renderFund(context, fundId, {
      status: 400,
      forms: {
        payment: {
          values: fields,
          errors: {
            ...(parsed.success
              ? {}
              : errorsOf(context.lang, parsed.error, {
                  'donor.name': 'donorName',
                  'donor.kind': 'donorKind',
                  'donor.showName': 'showName',
                })),
            ...receivedAt.errors,
            ...choice,
          },
        },
      },
    });
  }
  const key = formKey(fields);
  if (!key) {
    return renderFund(context, fundId, {
      status: 400,
      forms: { payment: staleForm(context, fields) },
    });
  }
  try {
    await recordPayment(context.deps, fundId, parsed.data, actor, key);
  } catch (error) {
    const field = fieldOf(error, fields.reference ? 'reference' : 'amount');
    return refuse(context, fundId, 'payment', field, error);
  }
  return backToFund(context, fundId);
};

/** POST /console/f/{fundId}/reversals: the reversal form. */
export const reversalForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  if (!isAllowed(reverseEntryAccess, actor, { fundId })) return redirect(`/console/f/${fundId}`);
  const fields = fieldsOf(context);
  const parsed = reversalInput.safeParse({ seq: Number(fields.seq), reason: fields.reason ?? '' });
  if (!parsed.success) {
    return renderFund(context, fundId, {
      status: 400,
      forms: { reversal: { values: fields, errors: errorsOf(context.lang, parsed.error) } },
    });
  }
  try {
    await reverseEntry(context.deps, fundId, parsed.data.seq, parsed.data.reason, actor);
  } catch (error) {
    return refuse(context, fundId, 'reversal', 'seq', error);
  }
  return backToFund(context, fundId);
};

/**
 * POST /console/f/{fundId}/disbursements (multipart): the files, then the spending naming them.
 * Everything the spending will be checked against is checked before a file is stored (the form,
 * each file's type and size, the fund's categories and dates, through the operation's own
 * decision), so a refused form leaves no file and no evidence record behind.
 */
export const spendingForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  if (!isAllowed(recordDisbursementAccess, actor, { fundId }))
    return redirect(`/console/f/${fundId}`);
  const fields = fieldsOf(context);
  const files = (context.event.form?.parts ?? []).flatMap((p) =>
    p.file && p.file.bytes.length > 0 ? [p.file] : [],
  );
  const digests = files.map((file) => createHash('sha256').update(file.bytes).digest('hex'));
  const paidAt = dateField(context.lang, fields.paidAt, 'paidAt');
  const parsed = disbursementInput.safeParse({
    amount: parseVndInput(fields.amount ?? '') ?? fields.amount,
    category: fields.category,
    payee: { name: fields.payee ?? '', kind: fields.payeeKind },
    purpose: fields.purpose ?? '',
    paidAt: paidAt.value,
    method: fields.method,
    evidence: digests,
  });
  if (!parsed.success || Object.keys(paidAt.errors).length > 0) {
    return renderFund(context, fundId, {
      status: 400,
      forms: {
        spending: {
          values: fields,
          errors: {
            ...(parsed.success
              ? {}
              : errorsOf(context.lang, parsed.error, {
                  'payee.name': 'payee',
                  'payee.kind': 'payeeKind',
                  evidence: 'files',
                })),
            ...paidAt.errors,
          },
        },
      },
    });
  }
  const key = formKey(fields);
  if (!key) {
    return renderFund(context, fundId, {
      status: 400,
      forms: { spending: staleForm(context, fields) },
    });
  }
  try {
    for (const file of files) assertEvidenceAcceptable(file.contentType, file.bytes.length);
  } catch (error) {
    return refuse(context, fundId, 'spending', 'files', error);
  }
  try {
    decideDisbursement(await getFund(context.deps, fundId), parsed.data, {
      id: 'db_check',
      at: context.deps.clock().toISOString(),
      recordedBy: actorName(actor),
    });
  } catch (error) {
    return refuse(context, fundId, 'spending', fieldOf(error, 'category'), error);
  }
  try {
    for (const file of files) {
      await storeEvidence(
        context.deps,
        fundId,
        file.bytes,
        {
          contentType: file.contentType,
          visibility: fields.visibility === 'private' ? 'private' : 'public',
          fileName: file.fileName,
        },
        actor,
      );
    }
    await recordDisbursement(context.deps, fundId, parsed.data, actor, key);
  } catch (error) {
    return refuse(context, fundId, 'spending', 'files', error);
  }
  return backToFund(context, fundId);
};

/** POST /console/disbursements/{id}/approve|reject: the approval queue's buttons. */
export const decisionForm: SignedInPage = async (context) => {
  const [id = '', verb] = context.params;
  const { value } = await requireDisbursement(context.deps, id);
  const { actor } = context.event;
  try {
    if (verb === 'approve') await approveDisbursement(context.deps, id, actor);
    else await rejectDisbursement(context.deps, id, actor, fieldsOf(context).reason ?? '');
  } catch (error) {
    // Shown on the request in the queue: an approver may have no spending form to show it on.
    return refuseOnItem(context, value.fundId, id, error);
  }
  return backToFund(context, value.fundId);
};

/**
 * POST /console/disbursements/{id}/withdraw: the treasurer who asked for the spending takes it
 * back before anyone decided ("chờ duyệt của tôi"). Refused once decided, on the request.
 */
export const withdrawForm: SignedInPage = async (context) => {
  const [id = ''] = context.params;
  const { value } = await requireDisbursement(context.deps, id);
  try {
    await withdrawDisbursement(context.deps, id, context.event.actor);
  } catch (error) {
    return refuseOnItem(context, value.fundId, id, error);
  }
  return backToFund(context, value.fundId, 'withdrawn');
};

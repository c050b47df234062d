import {
  approveDisbursement,
  disbursementInput,
  isAllowed,
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
} from '@soquy/ledger';
import { ct, type Lang, parseVndInput, redirect } from '@soquy/web';
import type { ZodError } from 'zod';
import { fieldsOf, type SignedInContext, type SignedInPage } from '../context.ts';
import { backToFund, refuse, renderFund } from './fund.ts';

/** Field problems next to the form's own field names; in Vietnamese, one plain sentence. */
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

const fundOf = (context: SignedInContext) => context.params[0] ?? '';
/** A date from <input type="date">, as midnight in Vietnam. */
const dateField = (value: string | undefined) => (value ? (vietnamMidnight(value) ?? value) : '');

/** POST /console/f/{fundId}/payments: the receipt form. */
export const paymentForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  if (!isAllowed(recordPaymentAccess, actor, { fundId })) return redirect(`/console/f/${fundId}`);
  const fields = fieldsOf(context);
  const parsed = paymentInput.safeParse({
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
    receivedAt: dateField(fields.receivedAt),
    receiptNo: fields.receiptNo,
    bankRef: fields.bankRef,
  });
  if (!parsed.success) {
    return renderFund(context, fundId, {
      status: 400,
      forms: {
        payment: {
          values: fields,
          errors: errorsOf(context.lang, parsed.error, { 'donor.name': 'donorName' }),
        },
      },
    });
  }
  try {
    await recordPayment(
      context.deps,
      fundId,
      parsed.data,
      actor,
      fields.key || crypto.randomUUID(),
    );
  } catch (error) {
    return refuse(context, fundId, 'payment', fields.reference ? 'reference' : 'amount', error);
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

/** POST /console/f/{fundId}/disbursements (multipart): the files, then the spending naming them. */
export const spendingForm: SignedInPage = async (context) => {
  const fundId = fundOf(context);
  const { actor } = context.event;
  if (!isAllowed(recordDisbursementAccess, actor, { fundId }))
    return redirect(`/console/f/${fundId}`);
  const fields = fieldsOf(context);
  const files = (context.event.form?.parts ?? []).filter((p) => p.file && p.file.bytes.length > 0);
  const parsed = disbursementInput.safeParse({
    amount: parseVndInput(fields.amount ?? '') ?? fields.amount,
    category: fields.category,
    payee: { name: fields.payee ?? '', kind: fields.payeeKind },
    purpose: fields.purpose ?? '',
    paidAt: dateField(fields.paidAt),
    method: fields.method,
    evidence: [] as string[],
  });
  if (!parsed.success) {
    return renderFund(context, fundId, {
      status: 400,
      forms: {
        spending: {
          values: fields,
          errors: errorsOf(context.lang, parsed.error, {
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
      const stored = await storeEvidence(
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
      evidence.push(stored.sha256);
    }
    await recordDisbursement(
      context.deps,
      fundId,
      { ...parsed.data, evidence },
      actor,
      fields.key || crypto.randomUUID(),
    );
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
    return refuse(context, value.fundId, 'spending', 'amount', error);
  }
  return backToFund(context, value.fundId);
};

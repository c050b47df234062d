import {
  AccessDeniedError,
  actorName,
  approveDisbursementAccess,
  evidenceLink,
  getFund,
  isAllowed,
  LedgerError,
  listDisbursements,
  listDisbursementsAccess,
  recordPaymentAccess,
  SelfApprovalError,
  staff,
} from '@soquy/ledger';
import { ct, emptyForm, type FormState, fundConsole, redirect } from '@soquy/web';
import { fieldsOf, type SignedInContext, type SignedInPage, show } from '../context.ts';

export type FormName = 'payment' | 'spending' | 'reversal';

/** The fund's console: forms for its treasurers, the approval queue, the latest journal. */
export async function renderFund(
  context: SignedInContext,
  fundId: string,
  extra: { flash?: string; status?: number; forms?: Partial<Record<FormName, FormState>> } = {},
) {
  const { actor } = context.event;
  // The fund's console is for those who may see its queue: its treasurers and approvers.
  if (!isAllowed(listDisbursementsAccess, actor, { fundId })) return redirect('/console');
  const { deps, lang, session } = context;
  const fund = await getFund(deps, fundId);
  const [pending, journal, bankWaiting] = await Promise.all([
    listDisbursements(deps, fundId, 'pending_approval', actor),
    deps.store.readEntries(fundId, { after: Math.max(0, fund.head.seq - 50), limit: 50 }),
    deps.store.bank.queueSize(fundId),
  ]);
  return show(
    context,
    extra.status ?? 200,
    `${fund.name} · ${ct(lang, 'console')}`,
    fundConsole(lang, {
      fund,
      user: actorName(staff(session.principal)),
      isTreasurer: isAllowed(recordPaymentAccess, actor, { fundId }),
      isApprover: isAllowed(approveDisbursementAccess, actor, { fundId }),
      csrf: session.csrf,
      pending,
      journal: journal.reverse(),
      bankWaiting,
      ...(extra.flash ? { flash: extra.flash } : {}),
      forms: { payment: emptyForm(), spending: emptyForm(), reversal: emptyForm(), ...extra.forms },
    }),
  );
}

/** GET /console/f/{fundId}. */
export const fundConsolePage: SignedInPage = async (context) =>
  renderFund(context, context.params[0] ?? '', {
    ...(context.event.queryStringParameters?.done ? { flash: ct(context.lang, 'done') } : {}),
  });

/** GET /console/f/{fundId}/evidence/{sha256}: a short-lived link to a receipt, private ones too. */
export const evidenceLinkPage: SignedInPage = async (context) => {
  const [fundId = '', sha256 = ''] = context.params;
  const location = await evidenceLink(context.deps, fundId, sha256, context.event.actor);
  return location ? redirect(location) : redirect(`/console/f/${fundId}`);
};

/** After a form went through: back to the fund's console, with a "done" note. */
export const backToFund = (context: SignedInContext, fundId: string) =>
  redirect(`/console/f/${fundId}?done=1${context.lang === 'en' ? '&lang=en' : ''}`);

/**
 * What a refused form shows: the operation's own message next to the field, never a stack
 * trace. Someone without access to the operation is sent back to where they may be.
 */
export async function refuse(
  context: SignedInContext,
  fundId: string,
  form: FormName,
  field: string,
  error: unknown,
) {
  if (error instanceof AccessDeniedError) return redirect('/console');
  if (!(error instanceof LedgerError)) throw error;
  const status =
    error.code === 'insufficient_funds' || error.code === 'already_decided'
      ? 409
      : error instanceof SelfApprovalError
        ? 403
        : 400;
  return renderFund(context, fundId, {
    status,
    forms: { [form]: { values: fieldsOf(context), errors: { [field]: error.message } } },
  });
}

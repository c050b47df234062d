import { toHttpError } from '@soquy/http';
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
  staff,
  updateFundSettingsAccess,
} from '@soquy/ledger';
import {
  cm,
  ct,
  emptyForm,
  type FormState,
  fundConsole,
  ledgerMessage,
  redirect,
} from '@soquy/web';
import { fieldsOf, type SignedInContext, type SignedInPage, show } from '../context.ts';

export type FormName = 'payment' | 'spending' | 'reversal';

/** The fund's console: forms for its treasurers, the approval queue, the latest journal. */
export async function renderFund(
  context: SignedInContext,
  fundId: string,
  extra: {
    flash?: string;
    status?: number;
    forms?: Partial<Record<FormName, FormState>>;
    itemError?: { id: string; message: string };
  } = {},
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
  const user = actorName(staff(session.principal));
  const isTreasurer = isAllowed(recordPaymentAccess, actor, { fundId });
  return show(
    context,
    extra.status ?? 200,
    `${fund.name} · ${ct(lang, 'console')}`,
    fundConsole(lang, {
      fund,
      user,
      isTreasurer,
      // A treasurer's own requests, which only they may withdraw while they wait.
      mine: isTreasurer ? pending.filter((d) => d.recordedBy === user) : [],
      ...(extra.itemError ? { itemError: extra.itemError } : {}),
      isApprover: isAllowed(approveDisbursementAccess, actor, { fundId }),
      canEditSettings: isAllowed(updateFundSettingsAccess, actor, { fundId }),
      csrf: session.csrf,
      pending,
      journal: journal.reverse(),
      bankWaiting,
      ...(extra.flash ? { flash: extra.flash } : {}),
      forms: { payment: emptyForm(), spending: emptyForm(), reversal: emptyForm(), ...extra.forms },
    }),
    { fund: { id: fund.id, name: fund.name } },
  );
}

/** GET /console/f/{fundId}. */
export const fundConsolePage: SignedInPage = async (context) => {
  const done = context.event.queryStringParameters?.done;
  return renderFund(context, context.params[0] ?? '', {
    ...(done
      ? { flash: done === 'withdrawn' ? cm(context.lang, 'withdrawn') : ct(context.lang, 'done') }
      : {}),
  });
};

/** GET /console/f/{fundId}/evidence/{sha256}: a short-lived link to a receipt, private ones too. */
export const evidenceLinkPage: SignedInPage = async (context) => {
  const [fundId = '', sha256 = ''] = context.params;
  const location = await evidenceLink(context.deps, fundId, sha256, context.event.actor);
  return location ? redirect(location) : redirect(`/console/f/${fundId}`);
};

/** After a form went through: back to the fund's console, with a "done" note. */
export const backToFund = (context: SignedInContext, fundId: string, done = '1') =>
  redirect(`/console/f/${fundId}?done=${done}${context.lang === 'en' ? '&lang=en' : ''}`);

/**
 * What a refused form shows: a sentence for the refusal's code, in the page's language, next to
 * the field, never a stack trace; the status is the API's for the same code. Someone without
 * access to the operation is sent back to where they may be.
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
  return renderFund(context, fundId, {
    status: toHttpError(error).status,
    forms: {
      [form]: {
        values: fieldsOf(context),
        errors: { [field]: ledgerMessage(context.lang, error) },
      },
    },
  });
}

/**
 * A refused approval, rejection or withdrawal: the page again, the sentence on the request it
 * was about (and at the top), with the API's status for the code.
 */
export async function refuseOnItem(
  context: SignedInContext,
  fundId: string,
  id: string,
  error: unknown,
) {
  if (!(error instanceof LedgerError)) throw error;
  // Someone not allowed at all goes back to the console; one who may not do *this* is told why.
  if (
    error instanceof AccessDeniedError &&
    !isAllowed(listDisbursementsAccess, context.event.actor, { fundId })
  )
    return redirect('/console');
  return renderFund(context, fundId, {
    status: toHttpError(error).status,
    itemError: { id, message: ledgerMessage(context.lang, error) },
  });
}

import { randomUUID } from 'node:crypto';
import { isIdempotencyKey, publicBaseUrl } from '@soquy/http';
import { fundPath, getFund, LedgerError, pledgeInput, readFundSettings } from '@soquy/ledger';
import {
  fieldError,
  formFields,
  htmlPage,
  layout,
  pageLang,
  parseVndInput,
  pathOf,
  pledgeCreated,
  pledgeForm,
  redirect,
  t,
} from '@soquy/web';
import { submitPledge } from '../shared/pledge-flow.ts';
import { qrPngUrl } from './pledge-page.ts';
import { page, runtime, stripe } from './runtime.ts';

/** The form's fields as the API's pledge body; zod then checks both the same way. */
function pledgeFromForm(fields: Record<string, string>) {
  return {
    donor: {
      name: fields.name ?? '',
      kind: fields.kind ?? '',
      showName: fields.showName === '1',
      taxCode: fields.taxCode ?? '',
      email: fields.email ?? '',
      phone: fields.phone ?? '',
    },
    amount: parseVndInput(fields.amount ?? '') ?? fields.amount,
    method: fields.method ?? '',
    dueDate: fields.dueDate ?? '',
    message: fields.message ?? '',
  };
}

/** GET and POST /f/{fundId}/pledge: the pledge form, then the QR, the card checkout or cash note. */
export const handler = page({ name: 'pledge-form' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = fundPath.safeParse(event.pathParameters ?? {});
  const fund = await getFund(runtime.deps, path.success ? path.data.fundId : '-');
  const title = `${t(lang, 'pledgeTitle')}: ${fund.name}`;
  const action = pathOf(event);
  const show = (status: number, state: Parameters<typeof pledgeForm>[2]) =>
    htmlPage(
      status,
      layout({ lang, title, path: action, body: pledgeForm(lang, fund, state, action) }),
    );

  if (event.requestContext.http.method !== 'POST') {
    return show(200, { values: {}, errors: {}, idempotencyKey: randomUUID() });
  }
  const fields = formFields(event);
  const state = {
    values: fields,
    errors: {} as Record<string, string>,
    // A key that is not one (missing, or thousands of characters) gets a fresh one.
    idempotencyKey: isIdempotencyKey(fields.key) ? fields.key : randomUUID(),
  };
  const parsed = pledgeInput.safeParse(pledgeFromForm(fields));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path.at(-1) ?? '_form');
      state.errors[name] = fieldError(lang, name);
    }
    return show(400, state);
  }
  try {
    const submitted = await submitPledge(
      runtime.deps,
      stripe,
      { fund, input: parsed.data, actor: event.actor, idempotencyKey: state.idempotencyKey },
      publicBaseUrl(event),
    );
    if (submitted.checkoutUrl) return redirect(submitted.checkoutUrl);
    const { receipt } = submitted;
    // A cash donor is told whom to pay, where and when: the treasurer's contact in the settings.
    const settings =
      receipt.method === 'cash' ? await readFundSettings(runtime.deps, fund.id) : undefined;
    return htmlPage(
      receipt.replayed ? 200 : 201,
      layout({
        lang,
        title: t(lang, 'thanks'),
        path: action,
        body: pledgeCreated(
          lang,
          fund,
          {
            ...receipt,
            manageUrl: submitted.manageUrl,
            ...(submitted.transfer
              ? { qrPngUrl: qrPngUrl(receipt.pledgeId, receipt.manageToken) }
              : {}),
            ...(settings?.cashContact ? { cashContact: settings.cashContact } : {}),
          },
          submitted.transfer,
        ),
      }),
    );
  } catch (error) {
    if (error instanceof LedgerError && error.code === 'card_amount_too_large') {
      state.errors.amount = fieldError(lang, 'card_amount_too_large');
      return show(400, state);
    }
    if (error instanceof LedgerError && error.code === 'fund_not_receiving') {
      state.errors._form = t(lang, 'closed');
      return show(409, state);
    }
    throw error;
  }
});

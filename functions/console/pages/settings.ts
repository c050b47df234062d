import type { FieldProblem } from '@soquy/http';
import {
  assertAllowed,
  getFund,
  InvalidFundError,
  readFundSettings,
  updateFundSettings,
  updateFundSettingsAccess,
} from '@soquy/ledger';
import {
  type FundSettingsForm,
  fundSettingsPage,
  type Lang,
  redirect,
  settingsFormValues,
  st,
} from '@soquy/web';
import { fieldsOf, type SignedInContext, type SignedInPage, show } from '../context.ts';

const CONTACT_FIELDS = ['name', 'phone', 'place', 'hours'] as const;

async function renderSettings(
  context: SignedInContext,
  fundId: string,
  extra: { status?: number; form?: FundSettingsForm; flash?: string } = {},
) {
  const { deps, lang } = context;
  const [fund, settings] = await Promise.all([
    getFund(deps, fundId),
    extra.form ? undefined : readFundSettings(deps, fundId),
  ]);
  const form = extra.form ?? {
    values: settings ? settingsFormValues(settings) : {},
    errors: {},
  };
  return show(
    context,
    extra.status ?? 200,
    `${st(lang, 'settings')} · ${fund.name}`,
    fundSettingsPage(lang, {
      fund,
      csrf: context.session.csrf,
      form,
      ...(extra.flash ? { flash: extra.flash } : {}),
    }),
    { fund: { id: fund.id, name: fund.name } },
  );
}

/** GET /console/f/{fundId}/settings[?done=1]: a treasurer's or administrator's settings form. */
export const settingsPageRoute: SignedInPage = async (context) => {
  const fundId = context.params[0] ?? '';
  // Others get the console's 403 page, in their language.
  assertAllowed(updateFundSettingsAccess, context.event.actor, { fundId });
  return renderSettings(context, fundId, {
    ...(context.event.queryStringParameters?.done ? { flash: st(context.lang, 'saved') } : {}),
  });
};

/** The form as the API's body: no contact when all four are empty, so a fund can stop cash. */
export function settingsFromForm(fields: Record<string, string>) {
  const contact = Object.fromEntries(CONTACT_FIELDS.map((name) => [name, fields[name] ?? '']));
  const anyContact = CONTACT_FIELDS.some((name) => (fields[name] ?? '').trim() !== '');
  const everyDays = (fields.everyDays ?? '').trim();
  return {
    cashContact: anyContact ? contact : null,
    reminders: {
      onDueDate: fields.onDueDate === '1',
      everyDays: /^\d{1,6}$/.test(everyDays) ? Number(everyDays) : everyDays,
    },
  };
}

/** One sentence per refused field, in the page's language. */
function fieldErrors(lang: Lang, problems: FieldProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const field = problem.field.split('.').at(-1) ?? '';
    if (errors[field]) continue;
    const max = /at most (\d+)/.exec(problem.message)?.[1];
    errors[field] =
      field === 'everyDays'
        ? st(lang, 'everyDaysInvalid')
        : field === 'phone'
          ? st(lang, 'phone')
          : max
            ? st(lang, 'tooLong').replace('{max}', max)
            : /one line/.test(problem.message)
              ? st(lang, 'oneLine')
              : /required|expected string/i.test(problem.message)
                ? st(lang, 'required')
                : st(lang, 'invalid');
  }
  return errors;
}

/** POST /console/f/{fundId}/settings: saves, or shows the form again with nothing saved. */
export const settingsForm: SignedInPage = async (context) => {
  const fundId = context.params[0] ?? '';
  const { actor } = context.event;
  assertAllowed(updateFundSettingsAccess, actor, { fundId });
  const fields = fieldsOf(context);
  try {
    await updateFundSettings(context.deps, actor, fundId, settingsFromForm(fields));
  } catch (error) {
    if (!(error instanceof InvalidFundError)) throw error;
    const values = Object.fromEntries(
      [...CONTACT_FIELDS, 'onDueDate', 'everyDays'].map((name) => [name, fields[name] ?? '']),
    );
    return renderSettings(context, fundId, {
      status: 400,
      form: { values, errors: fieldErrors(context.lang, error.details as FieldProblem[]) },
    });
  }
  return redirect(`/console/f/${fundId}/settings?done=1${context.lang === 'en' ? '&lang=en' : ''}`);
};

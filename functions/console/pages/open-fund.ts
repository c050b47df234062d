import {
  FundExistsError,
  InvalidFundError,
  isAllowed,
  openFund,
  openFundAccess,
  openFundInput,
  vietnamMidnight,
} from '@soquy/ledger';
import {
  type AdminTextKey,
  at,
  html,
  type OpenFundForm,
  openFundPage,
  parseVndInput,
  redirect,
} from '@soquy/web';
import { fieldsOf, type SignedInContext, type SignedInPage, show } from '../context.ts';

const q = (context: SignedInContext) => (context.lang === 'en' ? '?lang=en' : '');

/** Only an administrator opens funds; anyone else gets a page saying so (403). */
function refused(context: SignedInContext) {
  const title = at(context.lang, 'openFund');
  return show(
    context,
    403,
    title,
    html`<h1>${title}</h1><p class="alert" role="alert" id="refusal">${at(context.lang, 'adminOnly')}</p><p><a href="/console${q(context)}">${at(context.lang, 'backToFunds')}</a></p>`,
  );
}

function shown(context: SignedInContext, status: number, form: OpenFundForm) {
  return show(
    context,
    status,
    at(context.lang, 'openFund'),
    openFundPage(context.lang, { csrf: context.session.csrf, form }),
  );
}

/**
 * A category's id from its name, as a slug: "Camera an ninh" → "camera-an-ninh" (Vietnamese
 * letters without their marks, đ as d).
 */
function categorySlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** Which message a refused field gets: said in the page's language, never zod's English. */
const MESSAGE_OF: Record<string, AdminTextKey> = {
  id: 'badFundId',
  name: 'required',
  owner: 'required',
  description: 'required',
  goal: 'badGoal',
  bin: 'badBin',
  accountNumber: 'badAccount',
  accountName: 'required',
  categories: 'badCategories',
  opensAt: 'badDay',
  closesAt: 'badDay',
};
const FIELD_OF_PATH: Record<string, string> = {
  'bankAccount.bin': 'bin',
  'bankAccount.accountNumber': 'accountNumber',
  'bankAccount.accountName': 'accountName',
};

/** GET /console/funds/new: the form to open a fund. */
export const openFundFormPage: SignedInPage = async (context) => {
  if (!isAllowed(openFundAccess, context.event.actor, {})) return refused(context);
  return shown(context, 200, { values: {}, errors: {} });
};

/** POST /console/funds/new: opens the fund, then on to its staff page to appoint its people. */
export const openFundForm: SignedInPage = async (context) => {
  const { actor } = context.event;
  if (!isAllowed(openFundAccess, actor, {})) return refused(context);
  const values = fieldsOf(context);
  const names = (values.categories ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const categories = names.map((name) => ({ id: categorySlug(name), name }));
  const opensAt = vietnamMidnight(values.opensAt ?? '');
  const lastDay = vietnamMidnight(values.closesAt ?? '');
  // The last day is received in full: the window closes at the next midnight, Vietnam time.
  const closesAt = lastDay && new Date(Date.parse(lastDay) + 86_400_000).toISOString();
  const errors: Record<string, string> = {};
  const ids = categories.map((c) => c.id);
  if (ids.some((id, i) => !id || ids.indexOf(id) !== i))
    errors.categories = at(context.lang, 'badCategories');
  const parsed = openFundInput.safeParse({
    id: (values.id ?? '').trim(),
    name: values.name ?? '',
    description: values.description ?? '',
    owner: values.owner ?? '',
    currency: 'VND',
    goal: parseVndInput(values.goal ?? '') ?? values.goal,
    bankAccount: {
      bin: (values.bin ?? '').trim(),
      accountNumber: (values.accountNumber ?? '').replace(/\s/g, ''),
      accountName: values.accountName ?? '',
    },
    categories,
    opensAt: opensAt ?? values.opensAt,
    closesAt: closesAt ?? values.closesAt,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const field = FIELD_OF_PATH[path] ?? String(issue.path[0] ?? 'id');
      errors[field] ??= at(context.lang, MESSAGE_OF[field] ?? 'required');
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0)
    return shown(context, 400, { values, errors });
  try {
    await openFund(context.deps, parsed.data, actor);
  } catch (error) {
    if (error instanceof FundExistsError)
      return shown(context, 409, { values, errors: { id: at(context.lang, 'fundIdTaken') } });
    if (error instanceof InvalidFundError) {
      const problems = (error.details ?? {}) as Record<string, string>;
      const refusedFields: Record<string, string> = {};
      if (problems.closesAt) refusedFields.closesAt = at(context.lang, 'badWindow');
      if (problems.categories) refusedFields.categories = at(context.lang, 'badCategories');
      return shown(context, 400, { values, errors: refusedFields });
    }
    throw error;
  }
  const lang = context.lang === 'en' ? '&lang=en' : '';
  return redirect(`/console/f/${parsed.data.id}/staff?opened=1${lang}`);
};

import { EmailTakenError } from '@soquy/http';
import {
  addFundStaff,
  FundNotFoundError,
  type FundView,
  getFund,
  InvalidStaffInputError,
  isAllowed,
  LastApproverError,
  listFundStaff,
  manageStaffAccess,
  removeFundStaff,
  STAFF_ROLES,
  type StaffMember,
  StaffNotFoundError,
  type StaffRole,
} from '@soquy/ledger';
import {
  type AdminTextKey,
  at,
  html,
  type Lang,
  redirect,
  removeStaffConfirmation,
  type StaffForm,
  staffPage,
} from '@soquy/web';
import { fieldsOf, type SignedInContext, type SignedInPage, show } from '../context.ts';

const q = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');
const roleWord = (lang: Lang, role: StaffRole) =>
  at(lang, role === 'treasurer' ? 'treasurerLower' : 'approverLower');

/** A page that says why nothing happened: not an administrator (403), or no such fund (404). */
function refusal(context: SignedInContext, status: 403 | 404, message: string) {
  const title = at(context.lang, status === 403 ? 'fundStaff' : 'allFunds');
  return show(
    context,
    status,
    title,
    html`<h1>${title}</h1><p class="alert" role="alert" id="refusal">${message}</p><p><a href="/console${q(context.lang)}">${at(context.lang, 'backToFunds')}</a></p>`,
  );
}

/**
 * Runs a staff page for an administrator on an existing fund; anyone else gets a 403 page and
 * a fund that does not exist a 404 page, before anything is read or written.
 */
function adminPage(
  run: (context: SignedInContext, fund: FundView) => Promise<ReturnType<typeof show>>,
): SignedInPage {
  return async (context) => {
    const fundId = context.params[0] ?? '';
    if (!isAllowed(manageStaffAccess, context.event.actor, { fundId }))
      return refusal(context, 403, at(context.lang, 'adminOnly'));
    let fund: FundView;
    try {
      fund = await getFund(context.deps, fundId);
    } catch (error) {
      if (error instanceof FundNotFoundError)
        return refusal(context, 404, at(context.lang, 'noSuchFund', { fund: fundId }));
      throw error;
    }
    return run(context, fund);
  };
}

async function renderStaff(
  context: SignedInContext,
  fund: FundView,
  extra: {
    status?: number;
    form?: StaffForm;
    /** Why the last request changed nothing. */
    alert?: string;
    /** What the last request changed, as the list just read confirms it. */
    flash?: (staff: StaffMember[]) => string | undefined;
  } = {},
) {
  const staff = await listFundStaff(context.deps, context.event.actor, fund.id);
  const done = extra.flash?.(staff);
  const flash = extra.alert
    ? { kind: 'alert' as const, text: extra.alert }
    : done
      ? { kind: 'ok' as const, text: done }
      : undefined;
  return show(
    context,
    extra.status ?? 200,
    `${at(context.lang, 'staff')} · ${fund.name}`,
    staffPage(context.lang, {
      fund,
      staff,
      csrf: context.session.csrf,
      form: extra.form ?? { values: {}, errors: {} },
      ...(flash ? { flash } : {}),
    }),
    { fund: { id: fund.id, name: fund.name } },
  );
}

/** What went wrong with a staff change, in the page's language, saying what to do. */
function problemOf(error: unknown): { key: AdminTextKey; field?: 'email' | 'role' } {
  if (error instanceof LastApproverError) return { key: 'lastApprover' };
  if (error instanceof StaffNotFoundError) return { key: 'noSuchStaff' };
  if (error instanceof EmailTakenError) return { key: 'emailTaken', field: 'email' };
  throw error;
}

/**
 * After a change: back to the staff list (Post/Redirect/Get), naming who changed. The list page
 * says only what its own read confirms, so a crafted link cannot make it claim a change.
 */
function backToStaff(context: SignedInContext, fundId: string, done: string, member: StaffMember) {
  const params = new URLSearchParams({
    done,
    username: member.username,
    role: member.role,
    ...(context.lang === 'en' ? { lang: 'en' } : {}),
  });
  return redirect(`/console/f/${fundId}/staff?${params}`);
}

/** GET /console/f/{fundId}/staff: the fund's treasurers and approvers, and the form to add one. */
export const staffPageRoute: SignedInPage = adminPage(async (context, fund) => {
  const query = context.event.queryStringParameters ?? {};
  const role = STAFF_ROLES.find((r) => r === query.role);
  return renderStaff(context, fund, {
    flash: (staff) => {
      if (query.opened === '1') return at(context.lang, 'opened');
      if (!role || !query.username) return undefined;
      const holds = staff.find((m) => m.username === query.username && m.role === role);
      const words = { role: roleWord(context.lang, role) };
      if (query.done === 'added' && holds)
        return at(context.lang, 'added', { ...words, email: holds.email });
      if (query.done === 'removed' && !holds)
        return at(context.lang, 'removed', { ...words, email: query.username });
      return undefined;
    },
  });
});

/** POST /console/f/{fundId}/staff {email, role}: appoints a treasurer or an approver. */
export const addStaffForm: SignedInPage = adminPage(async (context, fund) => {
  const fields = fieldsOf(context);
  const values = { email: fields.email ?? '', role: fields.role ?? '' };
  let member: StaffMember;
  try {
    member = await addFundStaff(context.deps, context.event.actor, fund.id, values);
  } catch (error) {
    if (error instanceof InvalidStaffInputError) {
      const problems = error.details as Record<string, string>;
      const errors: StaffForm['errors'] = {};
      if (problems.email) errors.email = at(context.lang, 'badEmail');
      if (problems.role) errors.role = at(context.lang, 'badRole');
      return renderStaff(context, fund, { status: 400, form: { values, errors } });
    }
    const problem = problemOf(error);
    return renderStaff(context, fund, {
      status: 409,
      form: {
        values,
        errors: problem.field ? { [problem.field]: at(context.lang, problem.key) } : {},
      },
      alert: at(context.lang, problem.key),
    });
  }
  return backToStaff(context, fund.id, 'added', member);
});

/** GET /console/f/{fundId}/staff/remove?username&role: asks before a role is taken away. */
export const removeStaffPage: SignedInPage = adminPage(async (context, fund) => {
  const query = context.event.queryStringParameters ?? {};
  const staff = await listFundStaff(context.deps, context.event.actor, fund.id);
  const member = staff.find((m) => m.username === query.username && m.role === query.role);
  if (!member)
    return renderStaff(context, fund, {
      status: 404,
      alert: at(context.lang, 'noSuchStaff'),
    });
  return show(
    context,
    200,
    at(context.lang, 'confirmTitle'),
    removeStaffConfirmation(context.lang, { fund, member, csrf: context.session.csrf }),
    { fund: { id: fund.id, name: fund.name } },
  );
});

/** POST /console/f/{fundId}/staff/remove {username, role}: takes the role away (not the last approver). */
export const removeStaffForm: SignedInPage = adminPage(async (context, fund) => {
  const fields = fieldsOf(context);
  let removed: StaffMember;
  try {
    ({ removed } = await removeFundStaff(context.deps, context.event.actor, fund.id, {
      username: fields.username ?? '',
      role: fields.role ?? '',
    }));
  } catch (error) {
    const problem =
      error instanceof InvalidStaffInputError ? { key: 'noSuchStaff' as const } : problemOf(error);
    return renderStaff(context, fund, {
      status:
        error instanceof LastApproverError
          ? 409
          : error instanceof InvalidStaffInputError
            ? 400
            : 404,
      alert: at(context.lang, problem.key),
    });
  }
  return backToStaff(context, fund.id, 'removed', removed);
});

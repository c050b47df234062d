import {
  type FundView,
  hasRole,
  type Principal,
  STAFF_ROLES,
  type StaffMember,
  type StaffRole,
} from '@soquy/ledger';
import { formatVnd } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Lang } from '../i18n.ts';

/** The administrator's console: all funds, each fund's staff; and what every signed-in page shows. */
const TEXT = {
  vi: {
    openFund: 'Mở quỹ mới',
    openFundHint:
      'Quỹ mở với sổ trống; sau đó thêm thủ quỹ và người duyệt ở trang nhân sự của quỹ.',
    fundId: 'Mã quỹ (trong đường dẫn, ví dụ pu-trang)',
    fundName: 'Tên quỹ',
    fundDescription: 'Giới thiệu (không bắt buộc)',
    owner: 'Đơn vị quản lý quỹ',
    goal: 'Mục tiêu (đồng)',
    bankBin: 'Mã BIN ngân hàng (6 chữ số, ví dụ 970436 là Vietcombank)',
    accountNumber: 'Số tài khoản',
    accountName: 'Tên chủ tài khoản',
    categories: 'Mục đích chi, mỗi dòng một mục (ví dụ: Camera an ninh)',
    opensAt: 'Ngày bắt đầu nhận',
    closesAt: 'Ngày kết thúc nhận',
    openButton: 'Mở quỹ',
    opened: 'Đã mở quỹ. Bây giờ hãy thêm thủ quỹ và người duyệt.',
    badFundId: 'Mã quỹ chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ pu-trang.',
    fundIdTaken: 'Đã có quỹ với mã này. Chọn mã khác.',
    required: 'Vui lòng điền mục này.',
    badGoal: 'Nhập số tiền bằng số, ví dụ 150.000.000.',
    badBin: 'Mã BIN gồm đúng 6 chữ số, ví dụ 970436.',
    badAccount: 'Số tài khoản gồm 4 đến 19 chữ hoặc số.',
    badCategories: 'Ghi ít nhất một mục đích chi, mỗi dòng một mục, không trùng nhau.',
    badDay: 'Chọn ngày theo dạng ngày/tháng/năm.',
    badWindow: 'Ngày kết thúc phải sau ngày bắt đầu.',
    devUserTitle: 'Đăng nhập bằng người dùng thử',
    devUserHint:
      'Thủ quỹ hoặc người duyệt mà quản trị viên đã thêm ở trang nhân sự của quỹ (chỉ khi chạy thử trên máy).',
    devUser: 'Email hoặc tên đăng nhập',
    devUserButton: 'Đăng nhập',
    devUserUnknown:
      'Không có người dùng thử này, hoặc họ không còn vai trò nào. Quản trị viên thêm họ ở trang nhân sự của quỹ trước.',
    admin: 'Quản trị',
    treasurer: 'Thủ quỹ',
    approver: 'Người duyệt',
    treasurerLower: 'thủ quỹ',
    approverLower: 'người duyệt',
    console: 'Bảng điều khiển',
    signOut: 'Đăng xuất',
    signedOut: 'Bạn đã đăng xuất.',
    signedInAs: 'Đăng nhập:',
    account: 'Tài khoản',
    allFunds: 'Tất cả các quỹ',
    noFundsYet: 'Chưa có quỹ nào.',
    balance: 'Còn trong quỹ',
    staff: 'Nhân sự',
    publicPage: 'Trang công khai',
    fundStaff: 'Nhân sự của quỹ',
    noStaff: 'Quỹ chưa có thủ quỹ hay người duyệt nào.',
    email: 'Email',
    username: 'Tên đăng nhập',
    role: 'Vai trò',
    chooseRole: '— chọn vai trò —',
    remove: 'Gỡ vai trò',
    add: 'Thêm thủ quỹ hoặc người duyệt',
    addHint:
      'Người chưa có tài khoản sẽ nhận email kèm mật khẩu tạm thời để đăng nhập lần đầu. Người đã có tài khoản chỉ được thêm vai trò.',
    addButton: 'Thêm',
    added: 'Đã thêm {email} làm {role}.',
    removed: 'Đã gỡ vai trò {role} của {email}.',
    lastApproverNote:
      'Đây là người duyệt duy nhất: hãy thêm người duyệt khác trước khi gỡ (mỗi khoản chi cần người khác người ghi duyệt).',
    confirmTitle: 'Gỡ vai trò?',
    confirmText:
      'Gỡ vai trò {role} của {email} ở quỹ {fund}? Tài khoản vẫn còn, chỉ mất quyền ở quỹ này.',
    confirmButton: 'Gỡ vai trò',
    cancel: 'Quay lại, không gỡ',
    backToFunds: 'Tất cả các quỹ',
    fix: 'Vui lòng sửa các mục được đánh dấu.',
    badEmail: 'Email không hợp lệ. Nhập địa chỉ email đầy đủ, ví dụ lan@example.vn.',
    badRole: 'Chọn vai trò: thủ quỹ hoặc người duyệt.',
    noSuchFund: 'Không có quỹ "{fund}". Chọn quỹ trong danh sách tất cả các quỹ.',
    noSuchStaff: 'Người này không còn giữ vai trò đó ở quỹ. Tải lại danh sách nhân sự.',
    lastApprover:
      'Không gỡ được: đây là người duyệt duy nhất của quỹ, nếu gỡ thì không khoản chi nào được duyệt. Hãy thêm người duyệt khác trước, rồi gỡ người này.',
    emailTaken:
      'Địa chỉ này đã thuộc một tài khoản khác trong Cognito. Thêm tài khoản đó vào nhóm trong Cognito, hoặc dùng địa chỉ khác.',
    adminOnly:
      'Chỉ quản trị viên được xem và sửa nhân sự của quỹ. Hãy đăng nhập bằng tài khoản quản trị.',
  },
  en: {
    openFund: 'Open a new fund',
    openFundHint:
      'The fund opens with an empty journal; then add its treasurers and approvers on its staff page.',
    fundId: 'Fund id (in its address, e.g. pu-trang)',
    fundName: 'Fund name',
    fundDescription: 'Description (optional)',
    owner: 'Who runs the fund',
    goal: 'Goal (đồng)',
    bankBin: 'Bank BIN (6 digits, e.g. 970436 for Vietcombank)',
    accountNumber: 'Account number',
    accountName: 'Account holder name',
    categories: 'Spending purposes, one per line (e.g. Security cameras)',
    opensAt: 'Receives from',
    closesAt: 'Receives until',
    openButton: 'Open the fund',
    opened: 'The fund is open. Now add its treasurers and approvers.',
    badFundId: 'Use lowercase letters without accents, digits and dashes, e.g. pu-trang.',
    fundIdTaken: 'A fund with this id exists. Choose another id.',
    required: 'Please fill this in.',
    badGoal: 'Enter the amount in digits, e.g. 150.000.000.',
    badBin: 'The BIN is exactly 6 digits, e.g. 970436.',
    badAccount: 'The account number has 4 to 19 letters or digits.',
    badCategories: 'List at least one spending purpose, one per line, none twice.',
    badDay: 'Pick a date as day/month/year.',
    badWindow: 'The last day must come after the first.',
    devUserTitle: 'Sign in as a dev user',
    devUserHint:
      'A treasurer or approver an administrator added on a fund’s staff page (local runs only).',
    devUser: 'Email or username',
    devUserButton: 'Sign in',
    devUserUnknown:
      'There is no such dev user, or they hold no role any more. An administrator adds them on the fund’s staff page first.',
    admin: 'Administration',
    treasurer: 'Treasurer',
    approver: 'Approver',
    treasurerLower: 'treasurer',
    approverLower: 'approver',
    console: 'Console',
    signOut: 'Sign out',
    signedOut: 'You are signed out.',
    signedInAs: 'Signed in:',
    account: 'Account',
    allFunds: 'All funds',
    noFundsYet: 'No fund yet.',
    balance: 'In the fund',
    staff: 'Staff',
    publicPage: 'Public page',
    fundStaff: 'Staff of the fund',
    noStaff: 'The fund has no treasurer or approver yet.',
    email: 'Email',
    username: 'Username',
    role: 'Role',
    chooseRole: '— choose a role —',
    remove: 'Remove role',
    add: 'Add a treasurer or an approver',
    addHint:
      'Someone without an account gets an email with a temporary password for their first sign-in. Someone with an account only gets the role.',
    addButton: 'Add',
    added: 'Added {email} as {role}.',
    removed: 'Removed the {role} role of {email}.',
    lastApproverNote:
      'The only approver: add another approver before removing this one (spending needs someone other than its recorder to approve it).',
    confirmTitle: 'Remove the role?',
    confirmText:
      'Remove the {role} role of {email} on fund {fund}? The account stays; it only loses its rights on this fund.',
    confirmButton: 'Remove role',
    cancel: 'Go back, keep it',
    backToFunds: 'All funds',
    fix: 'Please correct the marked fields.',
    badEmail: 'This is not an email address. Enter a full address, e.g. lan@example.vn.',
    badRole: 'Choose a role: treasurer or approver.',
    noSuchFund: 'There is no fund "{fund}". Pick a fund from the list of all funds.',
    noSuchStaff: 'This person no longer holds that role on the fund. Reload the staff list.',
    lastApprover:
      'Not removed: this is the fund’s only approver, and without one no spending can be approved. Add another approver first, then remove this one.',
    emailTaken:
      'This address belongs to another Cognito account already. Add that account to the group in Cognito, or use another address.',
    adminOnly:
      'Only an administrator may see and change a fund’s staff. Sign in with an administrator account.',
  },
} as const;

export type AdminTextKey = keyof (typeof TEXT)['vi'];

/** The administrator console's words, with `{name}` placeholders filled in. */
export function at(lang: Lang, key: AdminTextKey, values: Record<string, string> = {}): string {
  return TEXT[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

const q = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');
const roleName = (lang: Lang, role: StaffRole) =>
  at(lang, role === 'treasurer' ? 'treasurerLower' : 'approverLower');

/**
 * Whom the page is for, as its title says: "Quản trị" for an administrator, "Thủ quỹ – <fund>"
 * or "Người duyệt – <fund>" on a fund's pages, the role alone elsewhere.
 */
export function roleTitle(
  lang: Lang,
  principal: Principal,
  fund?: { id: string; name?: string },
): string {
  const named = (roles: StaffRole[]) =>
    roles.map((role, i) => (i === 0 ? at(lang, role) : roleName(lang, role))).join(', ');
  if (fund) {
    const onFund = STAFF_ROLES.filter((role) => hasRole(principal, role, fund.id));
    if (onFund.length > 0) return `${named(onFund)} – ${fund.name ?? fund.id}`;
  }
  if (hasRole(principal, 'admin')) return at(lang, 'admin');
  const held = STAFF_ROLES.filter((role) => principal.groups.some((g) => g.startsWith(`${role}:`)));
  return held.length > 0 ? named(held) : at(lang, 'console');
}

/** On every signed-in page: whom the page is for, who is signed in, and signing out. */
export function staffBar(
  lang: Lang,
  options: { title: string; user: string; csrf: string },
): SafeHtml {
  return html`<nav class="staff-bar" aria-label="${at(lang, 'account')}"><span><strong id="role-title">${options.title}</strong> · <span class="note">${at(lang, 'signedInAs')} <span id="signed-in-user">${options.user}</span></span></span><form method="post" action="/console/sign-out" class="inline"><input type="hidden" name="csrf" value="${options.csrf}"><button type="submit" class="secondary" id="sign-out">${at(lang, 'signOut')}</button></form></nav>`;
}

/** The administrator's home: every fund, each with its staff page and its public page. */
export function adminFunds(lang: Lang, funds: FundView[]): SafeHtml {
  return html`<h2>${at(lang, 'allFunds')}</h2>
${
  funds.length === 0
    ? html`<p id="no-funds">${at(lang, 'noFundsYet')}</p>`
    : html`<ul id="all-funds">${funds.map(
        (fund) =>
          html`<li><a href="/console/f/${fund.id}/staff${q(lang)}">${fund.name}</a> · ${at(lang, 'balance')}: ${formatVnd(fund.totals.balance)} · <a href="/f/${fund.id}${q(lang)}">${at(lang, 'publicPage')}</a></li>`,
      )}</ul>`
}
<p><a class="button" href="/console/funds/new${q(lang)}" id="open-fund-link">${at(lang, 'openFund')}</a></p>`;
}

/** The open-a-fund form's fields, in order, with their label and input type. */
const FUND_FIELDS = [
  ['id', 'fundId', 'text'],
  ['name', 'fundName', 'text'],
  ['owner', 'owner', 'text'],
  ['goal', 'goal', 'text'],
  ['bin', 'bankBin', 'text'],
  ['accountNumber', 'accountNumber', 'text'],
  ['accountName', 'accountName', 'text'],
  ['opensAt', 'opensAt', 'date'],
  ['closesAt', 'closesAt', 'date'],
] as const;

export interface OpenFundForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** An administrator opens a fund: its name, account, purposes and receiving window. */
export function openFundPage(lang: Lang, d: { csrf: string; form: OpenFundForm }): SafeHtml {
  const { values, errors } = d.form;
  const described = (name: string) =>
    errors[name] ? html`aria-invalid="true" aria-describedby="fund-${name}-error"` : '';
  const error = (name: string) =>
    errors[name] ? html`<p class="error" id="fund-${name}-error">${errors[name]}</p>` : '';
  return html`<p><a href="/console${q(lang)}">${at(lang, 'backToFunds')}</a></p>
<h1>${at(lang, 'openFund')}</h1>
<p class="note">${at(lang, 'openFundHint')}</p>
${Object.keys(errors).length > 0 ? html`<p class="alert" role="alert" id="flash">${at(lang, 'fix')}</p>` : ''}
<form method="post" action="/console/funds/new${q(lang)}">
<input type="hidden" name="csrf" value="${d.csrf}">
${FUND_FIELDS.slice(0, 3).map(
  ([name, label, type]) => html`<label for="fund-${name}">${at(lang, label)}</label>${error(name)}
<input type="${type}" id="fund-${name}" name="${name}" value="${values[name] ?? ''}" ${described(name)}>`,
)}
<label for="fund-description">${at(lang, 'fundDescription')}</label>${error('description')}
<textarea id="fund-description" name="description" rows="3" ${described('description')}>${values.description ?? ''}</textarea>
${FUND_FIELDS.slice(3).map(
  ([name, label, type]) => html`<label for="fund-${name}">${at(lang, label)}</label>${error(name)}
<input type="${type}" id="fund-${name}" name="${name}" value="${values[name] ?? ''}" ${type === 'text' && name !== 'accountName' ? html`inputmode="${name === 'goal' || name === 'bin' ? 'numeric' : 'text'}"` : ''} ${described(name)}>`,
)}
<label for="fund-categories">${at(lang, 'categories')}</label>${error('categories')}
<textarea id="fund-categories" name="categories" rows="4" ${described('categories')}>${values.categories ?? ''}</textarea>
<button type="submit" id="open-fund">${at(lang, 'openButton')}</button>
</form>`;
}

export interface StaffForm {
  values: { email?: string; role?: string };
  errors: { email?: string; role?: string };
}

export interface StaffPageData {
  fund: FundView;
  staff: StaffMember[];
  csrf: string;
  form: StaffForm;
  /** What just happened (added, removed), or why the last request changed nothing. */
  flash?: { kind: 'ok' | 'alert'; text: string };
}

/** A fund's staff, as its administrator manages them: who holds which role, add, remove. */
export function staffPage(lang: Lang, d: StaffPageData): SafeHtml {
  const { fund, form } = d;
  const approvers = d.staff.filter((m) => m.role === 'approver').length;
  const removeLink = (m: StaffMember) =>
    `/console/f/${fund.id}/staff/remove?${new URLSearchParams({
      username: m.username,
      role: m.role,
      ...(lang === 'en' ? { lang: 'en' } : {}),
    })}`;
  return html`<p><a href="/console${q(lang)}">${at(lang, 'backToFunds')}</a> · <a href="/f/${fund.id}${q(lang)}">${at(lang, 'publicPage')}</a></p>
<h1>${at(lang, 'fundStaff')}: ${fund.name}</h1>
${d.flash ? html`<p class="${d.flash.kind}" role="${d.flash.kind === 'alert' ? 'alert' : 'status'}" id="flash">${d.flash.text}</p>` : ''}
${
  d.staff.length === 0
    ? html`<p id="no-staff">${at(lang, 'noStaff')}</p>`
    : html`<ul class="staff-list" id="staff-list">${d.staff.map(
        (m) =>
          html`<li data-role="${m.role}" data-username="${m.username}"><strong>${m.email}</strong> · ${roleName(lang, m.role)}<br><span class="note mono">${at(lang, 'username')}: ${m.username}</span><br>${
            m.role === 'approver' && approvers === 1
              ? html`<span class="note">${at(lang, 'lastApproverNote')}</span>`
              : html`<a href="${removeLink(m)}">${at(lang, 'remove')}</a>`
          }</li>`,
      )}</ul>`
}
<h2 id="add">${at(lang, 'add')}</h2>
<p class="note">${at(lang, 'addHint')}</p>
<form method="post" action="/console/f/${fund.id}/staff${q(lang)}">
<input type="hidden" name="csrf" value="${d.csrf}">
${form.errors.email || form.errors.role ? html`<p class="alert" role="alert">${at(lang, 'fix')}</p>` : ''}
<label for="staff-email">${at(lang, 'email')}</label>
${form.errors.email ? html`<p class="error" id="staff-email-error">${form.errors.email}</p>` : ''}
<input type="email" id="staff-email" name="email" autocomplete="off" value="${form.values.email ?? ''}" ${form.errors.email ? html`aria-invalid="true" aria-describedby="staff-email-error"` : ''}>
<label for="staff-role">${at(lang, 'role')}</label>
${form.errors.role ? html`<p class="error" id="staff-role-error">${form.errors.role}</p>` : ''}
<select id="staff-role" name="role" ${form.errors.role ? html`aria-invalid="true" aria-describedby="staff-role-error"` : ''}>
<option value="">${at(lang, 'chooseRole')}</option>
${STAFF_ROLES.map((role) => html`<option value="${role}" ${form.values.role === role ? html`selected` : ''}>${roleName(lang, role)}</option>`)}
</select>
<button type="submit">${at(lang, 'addButton')}</button>
</form>`;
}

/** The second step of removing a role: what it does, and the button that does it. */
export function removeStaffConfirmation(
  lang: Lang,
  d: { fund: FundView; member: StaffMember; csrf: string },
): SafeHtml {
  const { fund, member } = d;
  return html`<h1>${at(lang, 'confirmTitle')}</h1>
<p>${at(lang, 'confirmText', { role: roleName(lang, member.role), email: member.email, fund: fund.name })}</p>
<form method="post" action="/console/f/${fund.id}/staff/remove${q(lang)}">
<input type="hidden" name="csrf" value="${d.csrf}">
<input type="hidden" name="username" value="${member.username}">
<input type="hidden" name="role" value="${member.role}">
<button type="submit" id="confirm-remove">${at(lang, 'confirmButton')}</button>
</form>
<p><a href="/console/f/${fund.id}/staff${q(lang)}">${at(lang, 'cancel')}</a></p>`;
}

import type { CashContact, Fund, FundSettings } from '@soquy/ledger';
import { html, type SafeHtml, trusted } from '../html.ts';
import type { Lang } from '../i18n.ts';

/** The fund settings page (console) and the cash contact donors read (pledge pages). */
const TEXT = {
  vi: {
    settings: 'Cài đặt quỹ',
    cashTitle: 'Nộp tiền mặt',
    cashIntro:
      'Người cam kết trả tiền mặt sẽ thấy các thông tin này: ai nhận tiền, ở đâu, giờ nào. Để trống cả bốn ô nếu quỹ không nhận tiền mặt.',
    contactName: 'Người nhận (thủ quỹ)',
    contactPhone: 'Số điện thoại',
    contactPlace: 'Địa điểm',
    contactHours: 'Thời gian nhận',
    hoursPlaceholder: 'Thứ Hai – Thứ Sáu, 8:00 – 17:00',
    remindersTitle: 'Nhắc người cam kết chưa trả',
    remindersIntro: 'Thư nhắc gửi đến người cam kết có để lại email và còn khoản chưa trả.',
    onDueDate: 'Nhắc vào ngày hẹn trả',
    everyDays: 'Sau đó nhắc lại mỗi (ngày; 0 = không nhắc lại)',
    save: 'Lưu cài đặt',
    saved: 'Đã lưu cài đặt.',
    fix: 'Vui lòng sửa các ô được đánh dấu; chưa có gì được lưu.',
    back: 'Về trang quỹ',
    required: 'Vui lòng điền ô này (hoặc để trống cả bốn ô nếu không nhận tiền mặt).',
    tooLong: 'Quá dài: tối đa {max} ký tự.',
    oneLine: 'Chỉ một dòng, không có ký tự điều khiển.',
    phone: 'Số điện thoại Việt Nam, ví dụ 0912 345 678.',
    everyDaysInvalid: 'Nhập số ngày từ 0 đến 90 (0 = không nhắc lại).',
    invalid: 'Giá trị không hợp lệ.',
    payCashTo: 'Nộp tiền mặt cho',
    callFirst: 'Nêu mã cam kết {reference} khi nộp; biên nhận sẽ hiện trên trang cam kết của bạn.',
    noContact:
      'Quỹ chưa ghi thông tin nơi nhận tiền mặt. Vui lòng liên hệ ban tổ chức quỹ và nêu mã cam kết.',
  },
  en: {
    settings: 'Fund settings',
    cashTitle: 'Paying in cash',
    cashIntro:
      'Donors who pledge cash see this: who takes the money, where and when. Leave all four empty if the fund takes no cash.',
    contactName: 'Who takes it (treasurer)',
    contactPhone: 'Phone',
    contactPlace: 'Place',
    contactHours: 'Hours',
    hoursPlaceholder: 'Monday – Friday, 8:00 – 17:00',
    remindersTitle: 'Reminding unpaid pledges',
    remindersIntro: 'Reminders go to donors who gave an email address and still owe something.',
    onDueDate: 'Remind on the due date',
    everyDays: 'Then remind every (days; 0 = no repeats)',
    save: 'Save settings',
    saved: 'Settings saved.',
    fix: 'Please correct the marked fields; nothing was saved.',
    back: 'Back to the fund',
    required: 'Please fill this in (or leave all four empty if the fund takes no cash).',
    tooLong: 'Too long: at most {max} characters.',
    oneLine: 'One line only, without control characters.',
    phone: 'A Vietnamese phone number, e.g. 0912 345 678.',
    everyDaysInvalid: 'Enter a number of days from 0 to 90 (0 = no repeats).',
    invalid: 'This value is not valid.',
    payCashTo: 'Pay cash to',
    callFirst:
      'Give your pledge reference {reference} when you pay; the receipt then appears on your pledge page.',
    noContact:
      'The fund has not said where it takes cash yet. Please contact the fund’s organisers and give your pledge reference.',
  },
} as const;

export type FundSettingsTextKey = keyof (typeof TEXT)['vi'];

export function st(lang: Lang, key: FundSettingsTextKey): string {
  return TEXT[lang][key];
}

/** What a cash donor needs: whom to pay, their phone, where and when. */
export function cashContactBlock(
  lang: Lang,
  contact: CashContact | undefined,
  reference: string,
): SafeHtml {
  const callFirst = st(lang, 'callFirst').replace('{reference}', reference);
  if (!contact) {
    return html`<section id="cash-contact" aria-labelledby="cash-title"><h2 id="cash-title">${st(lang, 'cashTitle')}</h2><p>${st(lang, 'noContact')}</p></section>`;
  }
  const tel = contact.phone.replace(/[^\d+]/g, '');
  return html`<section id="cash-contact" aria-labelledby="cash-title">
<h2 id="cash-title">${st(lang, 'cashTitle')}</h2>
<dl>
<dt>${st(lang, 'payCashTo')}</dt><dd id="cash-name">${contact.name}</dd>
<dt>${st(lang, 'contactPhone')}</dt><dd id="cash-phone"><a href="tel:${tel}">${contact.phone}</a></dd>
<dt>${st(lang, 'contactPlace')}</dt><dd id="cash-place">${contact.place}</dd>
<dt>${st(lang, 'contactHours')}</dt><dd id="cash-hours">${contact.hours}</dd>
</dl>
<p class="note">${callFirst}</p>
</section>`;
}

export interface FundSettingsForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** The form's fields from saved settings, as the page shows them before any edit. */
export function settingsFormValues(settings: FundSettings): Record<string, string> {
  return {
    name: settings.cashContact?.name ?? '',
    phone: settings.cashContact?.phone ?? '',
    place: settings.cashContact?.place ?? '',
    hours: settings.cashContact?.hours ?? '',
    onDueDate: settings.reminders.onDueDate ? '1' : '',
    everyDays: String(settings.reminders.everyDays),
  };
}

function textField(
  lang: Lang,
  form: FundSettingsForm,
  name: string,
  label: FundSettingsTextKey,
  extra: string,
): SafeHtml {
  const error = form.errors[name];
  return html`<label for="${name}">${st(lang, label)}</label>
${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
<input type="text" id="${name}" name="${name}" value="${form.values[name] ?? ''}" ${trusted(extra)} ${error ? trusted(`aria-invalid="true" aria-describedby="${name}-error"`) : ''}>`;
}

/** GET /console/f/{fundId}/settings: the cash contact and the reminders, one form. */
export function fundSettingsPage(
  lang: Lang,
  d: { fund: Pick<Fund, 'id' | 'name'>; csrf: string; form: FundSettingsForm; flash?: string },
): SafeHtml {
  const q = lang === 'en' ? '?lang=en' : '';
  const { form } = d;
  const everyError = form.errors.everyDays;
  return html`<h1>${st(lang, 'settings')}: ${d.fund.name}</h1>
<p class="note"><a href="/console/f/${d.fund.id}${q}">${st(lang, 'back')}</a></p>
${d.flash ? html`<p class="ok" role="status" id="flash">${d.flash}</p>` : ''}
${Object.keys(form.errors).length > 0 ? html`<p class="alert" role="alert" id="settings-errors">${st(lang, 'fix')}</p>` : ''}
<form method="post" action="/console/f/${d.fund.id}/settings${q}" novalidate id="settings-form">
<input type="hidden" name="csrf" value="${d.csrf}">
<fieldset><legend>${st(lang, 'cashTitle')}</legend>
<p class="note">${st(lang, 'cashIntro')}</p>
${textField(lang, form, 'name', 'contactName', 'maxlength="200" autocomplete="name"')}
${textField(lang, form, 'phone', 'contactPhone', 'inputmode="tel" autocomplete="tel" placeholder="0912 345 678"')}
${textField(lang, form, 'place', 'contactPlace', 'maxlength="300"')}
${textField(lang, form, 'hours', 'contactHours', `maxlength="200" placeholder="${st(lang, 'hoursPlaceholder')}"`)}
</fieldset>
<fieldset><legend>${st(lang, 'remindersTitle')}</legend>
<p class="note">${st(lang, 'remindersIntro')}</p>
<label><input type="checkbox" name="onDueDate" value="1" ${form.values.onDueDate === '1' ? trusted('checked') : ''}> ${st(lang, 'onDueDate')}</label>
<label for="everyDays">${st(lang, 'everyDays')}</label>
${everyError ? html`<p class="error" id="everyDays-error">${everyError}</p>` : ''}
<input type="number" id="everyDays" name="everyDays" min="0" max="90" step="1" inputmode="numeric" value="${form.values.everyDays ?? ''}" ${everyError ? trusted('aria-invalid="true" aria-describedby="everyDays-error"') : ''}>
</fieldset>
<button type="submit">${st(lang, 'save')}</button>
</form>`;
}

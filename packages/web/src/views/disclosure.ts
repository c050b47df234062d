import type { Disclosure, IncomeMethod, IncomeRow } from '@soquy/ledger';
import { formatVnd } from '../format.ts';
import { html, type SafeHtml, trusted } from '../html.ts';
import type { Lang } from '../i18n.ts';
import { periodText } from './statement.ts';

/** The disclosure report's words, in the wording such reports use (kept here, not in i18n.ts). */
const TEXT = {
  vi: {
    title: 'Báo cáo công khai',
    country: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    heading: 'BÁO CÁO CÔNG KHAI',
    subheading: 'Kết quả tiếp nhận, phân phối và sử dụng nguồn đóng góp tự nguyện',
    decree: '(Theo Nghị định số 93/2021/NĐ-CP ngày 27/10/2021 của Chính phủ)',
    organiser: 'Đơn vị vận động, tiếp nhận',
    campaign: 'Cuộc vận động',
    period: 'Kỳ báo cáo',
    periodDays: 'từ ngày {from} đến ngày {to}',
    periodNote:
      'Ngày tính theo giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+7), gồm cả ngày đầu và ngày cuối.',
    income: 'I. Tổng số tiền đã tiếp nhận, theo nguồn đóng góp',
    no: 'STT',
    source: 'Nguồn đóng góp',
    card: 'Thẻ',
    transfer: 'Chuyển khoản',
    cash: 'Tiền mặt',
    other: 'Khác',
    sum: 'Cộng',
    total: 'Tổng cộng',
    kind_business: 'Doanh nghiệp',
    kind_household: 'Hộ gia đình, hộ kinh doanh',
    kind_individual: 'Cá nhân',
    kind_organisation: 'Cơ quan, tổ chức',
    kind_unknown: 'Không xác định được nguồn',
    anonymous: 'Trong đó, người ủng hộ không nêu tên: {amount}.',
    spending: 'II. Phân phối, sử dụng',
    byPurpose: '1. Theo mục đích sử dụng',
    purpose: 'Nội dung chi',
    amount: 'Số tiền',
    byBeneficiary: '2. Theo đối tượng thụ hưởng, đơn vị nhận tiền',
    beneficiary: 'Đối tượng thụ hưởng, đơn vị nhận',
    payeeKind: 'Loại',
    payments: 'Số lần chi',
    payee_business: 'Doanh nghiệp',
    payee_organisation: 'Cơ quan, tổ chức',
    payee_individual: 'Cá nhân',
    withoutPayee: 'Phí thanh toán thẻ do tổ chức thanh toán giữ lại (không có người nhận)',
    nothing: 'Không có khoản nào trong kỳ.',
    balance: 'III. Số dư chuyển kỳ sau',
    opening: 'Số dư đầu kỳ',
    received: 'Cộng thu trong kỳ (mục I)',
    spent: 'Cộng chi trong kỳ (mục II)',
    closing: 'Số dư cuối kỳ, chuyển kỳ sau',
    formula: 'Số dư cuối kỳ = số dư đầu kỳ + thu − chi.',
    place: '……………, ngày {d} tháng {m} năm {y}',
    preparer: 'NGƯỜI LẬP BIỂU',
    head: 'TRƯỞNG BAN VẬN ĐỘNG',
    signHint: '(Ký, ghi rõ họ tên)',
    headHint: '(Ký, ghi rõ họ tên, đóng dấu nếu có)',
    check:
      'Số liệu lấy từ sổ quỹ công khai, cắt tại bút toán #{seq} (mã {hash}). Kiểm tra trực tuyến: {url}',
    regionIncome: 'Bảng tiền tiếp nhận theo nguồn (cuộn ngang được)',
    regionPayees: 'Bảng chi theo đối tượng thụ hưởng (cuộn ngang được)',
    choose: 'Chọn kỳ báo cáo khác',
    from: 'Từ ngày',
    to: 'Đến ngày',
    show: 'Xem',
    print: 'In bằng lệnh in của trình duyệt (Ctrl+P); khổ A4.',
    statementLink: 'Bảng thu chi chi tiết của kỳ này',
  },
  en: {
    title: 'Public disclosure report',
    country: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    heading: 'PUBLIC DISCLOSURE REPORT',
    subheading: 'Voluntary contributions received, distributed and used',
    decree: '(Under Government Decree No. 93/2021/NĐ-CP of 27 October 2021)',
    organiser: 'Organiser',
    campaign: 'Campaign',
    period: 'Period',
    periodDays: 'from {from} to {to}',
    periodNote: 'Days are Vietnam time (Asia/Ho_Chi_Minh, UTC+7), first and last day included.',
    income: 'I. Money received, by source',
    no: 'No.',
    source: 'Source',
    card: 'Card',
    transfer: 'Bank transfer',
    cash: 'Cash',
    other: 'Other',
    sum: 'Total',
    total: 'Grand total',
    kind_business: 'Businesses',
    kind_household: 'Households and household businesses',
    kind_individual: 'Individuals',
    kind_organisation: 'Agencies and organisations',
    kind_unknown: 'Source not known',
    anonymous: 'Of which donors who chose not to be named: {amount}.',
    spending: 'II. Distribution and use',
    byPurpose: '1. By purpose',
    purpose: 'Purpose',
    amount: 'Amount',
    byBeneficiary: '2. By beneficiary or payee',
    beneficiary: 'Beneficiary or payee',
    payeeKind: 'Type',
    payments: 'Payments',
    payee_business: 'Business',
    payee_organisation: 'Agency or organisation',
    payee_individual: 'Individual',
    withoutPayee: 'Card fees kept by the card processor (no payee)',
    nothing: 'Nothing in this period.',
    balance: 'III. Balance carried forward',
    opening: 'Opening balance',
    received: 'Received in the period (section I)',
    spent: 'Spent in the period (section II)',
    closing: 'Closing balance, carried forward',
    formula: 'Closing balance = opening balance + received − spent.',
    place: '……………, {d}/{m}/{y}',
    preparer: 'PREPARED BY',
    head: 'HEAD OF THE CAMPAIGN COMMITTEE',
    signHint: '(Signature, full name)',
    headHint: '(Signature, full name, seal if any)',
    check: 'Figures from the public ledger, cut at entry #{seq} (hash {hash}). Check online: {url}',
    regionIncome: 'Money received by source (scrolls sideways)',
    regionPayees: 'Spending by beneficiary (scrolls sideways)',
    choose: 'Choose another period',
    from: 'From',
    to: 'To',
    show: 'Show',
    print: "Print with the browser's print command (Ctrl+P); A4.",
    statementLink: "This period's detailed statement",
  },
} as const;
type DisclosureTextKey = keyof (typeof TEXT)['vi'];

const dt = (lang: Lang, key: DisclosureTextKey): string => TEXT[lang][key];
const maybe = (lang: Lang, key: string): string =>
  (TEXT[lang] as Record<string, string>)[key] ?? key.replace(/^\w+_/, '');
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
const day = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** Print like a paper report: black on white, serif, the tables ruled; a phone still fits. */
const STYLE = `.disclosure{font-family:"Times New Roman",Times,serif}.disclosure .masthead{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;text-align:center}.disclosure .masthead div{flex:1 1 12rem}.disclosure h1{text-align:center;font-size:1.3rem;margin:1rem 0 .2rem}.disclosure .center{text-align:center}.disclosure table.ruled th,.disclosure table.ruled td{border:1px solid #555}.disclosure tr.sum td,.disclosure tr.sum th{font-weight:700}.disclosure .signatures{flex-wrap:wrap;gap:1rem}.disclosure .signatures div{flex:1 1 10rem}.disclosure .wrap{overflow-wrap:anywhere}@media print{.disclosure{font-size:11pt}.disclosure .scroll{overflow:visible}}`;

const METHODS: readonly Exclude<IncomeMethod, 'other'>[] = ['card', 'transfer', 'cash'];

function incomeTable(lang: Lang, report: Disclosure): SafeHtml {
  const methods: readonly IncomeMethod[] =
    report.incomeTotal.byMethod.other !== 0 ? [...METHODS, 'other'] : METHODS;
  const cells = (row: IncomeRow) =>
    html`${methods.map((m) => html`<td class="num" data-method="${m}">${formatVnd(row.byMethod[m])}</td>`)}<td class="num" data-method="total">${formatVnd(row.total)}</td>`;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${dt(lang, 'regionIncome')}"><table class="ruled" id="income"><thead><tr><th>${dt(lang, 'no')}</th><th>${dt(lang, 'source')}</th>${methods.map((m) => html`<th class="num">${dt(lang, m)}</th>`)}<th class="num">${dt(lang, 'sum')}</th></tr></thead><tbody>
${report.income.map((row, i) => html`<tr data-kind="${row.kind}"><td>${i + 1}</td><th scope="row">${maybe(lang, `kind_${row.kind}`)}</th>${cells(row)}</tr>`)}
<tr class="sum" data-kind="total"><td></td><th scope="row">${dt(lang, 'total')}</th>${cells(report.incomeTotal)}</tr>
</tbody></table></div>
${report.anonymousReceived !== 0 ? html`<p class="note">${fill(dt(lang, 'anonymous'), { amount: formatVnd(report.anonymousReceived) })}</p>` : ''}`;
}

function purposeTable(lang: Lang, report: Disclosure): SafeHtml {
  return html`<table class="ruled" id="by-purpose"><thead><tr><th>${dt(lang, 'no')}</th><th>${dt(lang, 'purpose')}</th><th class="num">${dt(lang, 'amount')}</th></tr></thead><tbody>
${report.spendingByCategory.map((c, i) => html`<tr data-category="${c.category}"><td>${i + 1}</td><td>${c.name}</td><td class="num">${formatVnd(c.amount)}</td></tr>`)}
<tr class="sum"><td></td><th scope="row">${dt(lang, 'sum')}</th><td class="num" id="by-purpose-total">${formatVnd(report.figures.spent)}</td></tr>
</tbody></table>`;
}

function beneficiaryTable(lang: Lang, report: Disclosure): SafeHtml {
  if (report.spendingByPayee.length === 0 && report.spendingWithoutPayee === 0) {
    return html`<p>${dt(lang, 'nothing')}</p>`;
  }
  const n = report.spendingByPayee.length;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="${dt(lang, 'regionPayees')}"><table class="ruled" id="by-beneficiary"><thead><tr><th>${dt(lang, 'no')}</th><th>${dt(lang, 'beneficiary')}</th><th>${dt(lang, 'payeeKind')}</th><th class="num">${dt(lang, 'payments')}</th><th class="num">${dt(lang, 'amount')}</th></tr></thead><tbody>
${report.spendingByPayee.map((p, i) => html`<tr class="payee"><td>${i + 1}</td><td>${p.name}</td><td>${maybe(lang, `payee_${p.kind}`)}</td><td class="num">${p.payments}</td><td class="num">${formatVnd(p.amount)}</td></tr>`)}
${report.spendingWithoutPayee !== 0 ? html`<tr id="without-payee"><td>${n + 1}</td><td colspan="3">${dt(lang, 'withoutPayee')}</td><td class="num">${formatVnd(report.spendingWithoutPayee)}</td></tr>` : ''}
<tr class="sum"><td></td><th scope="row" colspan="3">${dt(lang, 'sum')}</th><td class="num">${formatVnd(report.figures.spent)}</td></tr>
</tbody></table></div>`;
}

export interface DisclosureData {
  report: Disclosure;
  /** When the report was drawn up, Vietnam day (YYYY-MM-DD). */
  today: string;
  pageUrl: string;
}

/**
 * The yearly public disclosure report (Decree 93/2021/NĐ-CP): the organiser's title block,
 * money received by source type and method, spending by purpose and by beneficiary, the balance
 * carried forward, the date and place and the two signatures. One printable page, no script.
 */
export function disclosure(lang: Lang, data: DisclosureData): SafeHtml {
  const { report, today } = data;
  const { figures, period } = report;
  const q = lang === 'en' ? '&lang=en' : '';
  return html`<style>${trusted(STYLE)}</style><article class="disclosure">
<div class="masthead"><div><strong id="organiser">${report.owner}</strong><br>${dt(lang, 'campaign')}: ${report.name}</div>
<div><strong>${dt(lang, 'country')}</strong><br><strong>${dt(lang, 'motto')}</strong></div></div>
<h1>${dt(lang, 'heading')}</h1>
<p class="center"><strong>${dt(lang, 'subheading')}</strong><br>${dt(lang, 'decree')}</p>
<p class="center">${dt(lang, 'period')} <strong id="period" data-from="${period.from}" data-to="${period.to}">${periodText(lang, period)}</strong> (${fill(dt(lang, 'periodDays'), { from: day(period.from), to: day(period.to) })})</p>
<p class="note center">${dt(lang, 'periodNote')}</p>
<form method="get" action="/f/${report.fundId}/disclosure" class="noprint period-form"><fieldset><legend>${dt(lang, 'choose')}</legend>
<label for="period-from">${dt(lang, 'from')}</label> <input id="period-from" name="from" type="date" value="${period.from}" min="2000-01-01" required>
<label for="period-to">${dt(lang, 'to')}</label> <input id="period-to" name="to" type="date" value="${period.to}" min="2000-01-01" required>
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}<button type="submit">${dt(lang, 'show')}</button></fieldset>
<p class="note">${dt(lang, 'print')} <a href="/f/${report.fundId}/statement?from=${period.from}&to=${period.to}${q}">${dt(lang, 'statementLink')}</a></p></form>
<h2>${dt(lang, 'income')}</h2>
${incomeTable(lang, report)}
<h2>${dt(lang, 'spending')}</h2>
<h3>${dt(lang, 'byPurpose')}</h3>
${purposeTable(lang, report)}
<h3>${dt(lang, 'byBeneficiary')}</h3>
${beneficiaryTable(lang, report)}
<h2>${dt(lang, 'balance')}</h2>
<table class="ruled" id="carried-forward"><tbody>
<tr><th scope="row">${dt(lang, 'opening')}</th><td class="num" id="opening">${formatVnd(figures.opening)}</td></tr>
<tr><th scope="row">${dt(lang, 'received')}</th><td class="num" id="received">${formatVnd(figures.received)}</td></tr>
<tr><th scope="row">${dt(lang, 'spent')}</th><td class="num" id="spent">${formatVnd(figures.spent)}</td></tr>
<tr class="sum"><th scope="row">${dt(lang, 'closing')}</th><td class="num" id="closing">${formatVnd(figures.closing)}</td></tr>
</tbody></table>
<p class="note">${dt(lang, 'formula')}</p>
<p class="note wrap">${fill(dt(lang, 'check'), { seq: String(report.head.seq), hash: `${report.head.hash.slice(0, 16)}…`, url: data.pageUrl })}</p>
<p class="center" id="date-place">${fill(dt(lang, 'place'), { d: today.slice(8, 10), m: today.slice(5, 7), y: today.slice(0, 4) })}</p>
<div class="signatures"><div><strong>${dt(lang, 'preparer')}</strong><br><span class="note">${dt(lang, 'signHint')}</span></div><div><strong>${dt(lang, 'head')}</strong><br><span class="note">${dt(lang, 'headHint')}</span></div></div>
</article>`;
}

export const disclosureTitle = (lang: Lang) => dt(lang, 'title');

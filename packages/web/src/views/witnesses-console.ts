import type { ForkReport, Witness } from '@soquy/ledger';
import { html, type SafeHtml } from '../html.ts';
import type { Lang } from '../i18n.ts';
import { type FieldsState, formatDateTime } from './bank-console.ts';

/** The console's witnesses page: who may cosign the funds' checkpoints, and how to add one. */
const TEXT = {
  vi: {
    witnesses: 'Nhân chứng của sổ công khai',
    intro:
      'Nhân chứng là người ngoài (báo chí, Hội đồng nhân dân phường, người ủng hộ…) tự chạy một chương trình ghi nhớ các điểm chốt (checkpoint) của sổ quỹ và ký xác nhận chúng. Nếu sổ bị viết lại, nhân chứng sẽ phát hiện. Sổ chỉ nhận chữ ký của các nhân chứng được đăng ký ở đây.',
    home: 'Về bảng điều khiển',
    registered: 'Nhân chứng đã đăng ký',
    none: 'Chưa đăng ký nhân chứng nào.',
    keyName: 'Tên khóa',
    vkey: 'Khóa xác minh',
    added: 'Đăng ký lúc',
    addedBy: 'bởi',
    howTo: 'Người chạy nhân chứng lấy khóa của mình thế nào',
    howToHint:
      'Người chạy nhân chứng chạy lệnh sau trên máy của họ, rồi gửi cho bạn dòng đầu tiên lệnh in ra (khóa xác minh). Thư mục ./witness giữ khóa bí mật của nhân chứng: không ai khác được có thư mục này.',
    add: 'Đăng ký nhân chứng',
    vkeyField: 'Khóa xác minh của nhân chứng (dòng do lệnh trên in ra)',
    labelField: 'Ai chạy nhân chứng này (công khai trên trang quỹ, ví dụ: Báo Phường Ba Đình)',
    replaceNote:
      'Đăng ký một khóa trùng tên với nhân chứng đã có sẽ thay khóa và tên hiển thị của nhân chứng đó.',
    addButton: 'Đăng ký',
    done: 'Đã đăng ký nhân chứng. Từ nay sổ nhận chữ ký xác nhận của nhân chứng này.',
    fix: 'Vui lòng sửa các mục được đánh dấu.',
    vkeyRequired:
      'Hãy dán khóa xác minh của nhân chứng: dòng mà lệnh npm run witness … --print-key in ra.',
    vkeyMalformed:
      'Khóa xác minh không đúng dạng <tên>+<8 chữ số hex>+<khóa base64>. Hãy dán nguyên dòng mà lệnh npm run witness … --print-key in ra, không thêm bớt.',
    vkeyLogKey:
      'Đây là khóa của một sổ (log key), không phải khóa ký xác nhận của nhân chứng. Hãy dán dòng mà lệnh npm run witness … --print-key in ra.',
    vkeyInvalid:
      'Khóa xác minh không hợp lệ (mã khóa không khớp, hoặc khóa bị cắt hay bị sửa). Hãy dán lại nguyên dòng mà lệnh npm run witness … --print-key in ra.',
    labelRequired: 'Hãy nhập ai chạy nhân chứng này, ví dụ: Báo Phường Ba Đình.',
    labelOneLine: 'Tên hiển thị phải trên một dòng, không có ký tự điều khiển.',
    labelTooLong: 'Tên hiển thị tối đa 120 ký tự.',
    labelPersonal:
      'Tên hiển thị được công khai: đừng ghi số điện thoại, email, mã số thuế hay số tài khoản.',
    invalid: 'Giá trị không hợp lệ.',
    forks: 'Báo cáo rẽ nhánh của nhân chứng',
    forksIntro:
      'Khi nhân chứng thấy sổ bị viết lại, nó gửi bằng chứng về đây. "Đã chứng minh": sổ đã ký hai cây khác nhau cho cùng một kích thước; chỉ chữ ký của sổ mới làm được vậy, nên người vận hành được báo động. "Nhân chứng ghi nhận": sổ quay lui hoặc bằng chứng nhất quán không khớp; đó là lời của nhân chứng, chỉ được liệt kê ở đây.',
    noForks: 'Chưa có báo cáo rẽ nhánh nào.',
    proven: 'Đã chứng minh: sổ bị rẽ nhánh',
    observed: 'Nhân chứng ghi nhận, chưa chứng minh được',
    fund: 'Quỹ',
    reportedBy: 'Nhân chứng',
    detected: 'phát hiện lúc',
    received: 'nhận lúc',
    finding: 'Kết quả kiểm tra',
    checkIt:
      'Ai cũng kiểm tra lại được: tải bằng chứng (JSON) rồi chạy npm run verify -- --fork <tệp> --key <khóa của sổ>.',
    proofJson: 'Các báo cáo của quỹ (JSON)',
  },
  en: {
    witnesses: 'Witnesses of the public log',
    intro:
      "A witness is someone outside the fund (a newspaper, the ward People's Council, a donor…) who runs a program that remembers the log's checkpoints and cosigns them. Were the log rewritten, the witness would notice. The log keeps cosignatures only from the witnesses registered here.",
    home: 'Back to the console',
    registered: 'Registered witnesses',
    none: 'No witness is registered yet.',
    keyName: 'Key name',
    vkey: 'Verifier key',
    added: 'Registered on',
    addedBy: 'by',
    howTo: 'How a witness operator gets their key',
    howToHint:
      'The witness operator runs this command on their own machine and sends you the first line it prints (the verifier key). The ./witness folder holds the witness’s private key: nobody else should have it.',
    add: 'Register a witness',
    vkeyField: 'The witness’s verifier key (the line the command above prints)',
    labelField:
      "Who runs this witness (public on the fund pages, e.g. the Ba Dinh ward's newspaper)",
    replaceNote:
      'Registering a key with the name of a registered witness replaces that witness’s key and label.',
    addButton: 'Register',
    done: 'Witness registered. From now on the log keeps its cosignatures.',
    fix: 'Please correct the marked fields.',
    vkeyRequired:
      'Paste the witness’s verifier key: the line npm run witness … --print-key prints.',
    vkeyMalformed:
      'The verifier key is not of the form <name>+<8 hex digits>+<base64 key>. Paste the whole line npm run witness … --print-key prints, as it is.',
    vkeyLogKey:
      'This is a log key, not a witness’s cosignature key. Paste the line npm run witness … --print-key prints.',
    vkeyInvalid:
      'The verifier key is not valid (its key id does not match, or it was cut or changed). Paste the whole line npm run witness … --print-key prints again.',
    labelRequired: 'Say who runs this witness, e.g. the ward’s newspaper.',
    labelOneLine: 'The label must be one line, without control characters.',
    labelTooLong: 'The label is at most 120 characters.',
    labelPersonal:
      'The label is public: leave out phone numbers, email addresses, tax codes and account numbers.',
    invalid: 'This value is not valid.',
    forks: "Witnesses' fork reports",
    forksIntro:
      'When a witness sees the log rewritten, it posts its proof here. "Proven": the log signed two different trees of one size; only the log\'s key can do that, so the operator is alarmed. "Observed": the log went back, or a consistency proof failed; that is the witness\'s word, only listed here.',
    noForks: 'No fork has been reported.',
    proven: 'Proven: the log forked',
    observed: 'Observed by a witness, not proven',
    fund: 'Fund',
    reportedBy: 'Witness',
    detected: 'detected',
    received: 'received',
    finding: 'What the check found',
    checkIt:
      'Anyone can check it again: download the proof (JSON) and run npm run verify -- --fork <file> --key <the log key>.',
    proofJson: "The fund's reports (JSON)",
  },
} as const;

export type WitnessTextKey = keyof (typeof TEXT)['vi'];
export const wt = (lang: Lang, key: WitnessTextKey): string => TEXT[lang][key];

export interface WitnessesPageData {
  witnesses: Witness[];
  csrf: string;
  /** The deployment's public address, for the witness command. */
  baseUrl: string;
  flash?: string;
  form: FieldsState;
  /** Every fund's fork reports, proven first. */
  forkReports?: ForkReport[];
}

function forkReportsSection(lang: Lang, reports: ForkReport[]): SafeHtml {
  return html`<section><h2 id="fork-reports">${wt(lang, 'forks')}</h2>
<p>${wt(lang, 'forksIntro')}</p>
${
  reports.length === 0
    ? html`<p id="no-fork-reports">${wt(lang, 'noForks')}</p>`
    : html`<ol class="entries" id="fork-report-list">${reports.map(
        (r) => html`<li data-fork-report="${r.id}" data-status="${r.status}">
<p class="${r.status === 'proven' ? 'alert' : 'note'}"><strong>${wt(lang, r.status)}</strong></p>
<p>${wt(lang, 'fund')}: <span class="mono">${r.fundId}</span> · ${wt(lang, 'reportedBy')}: <span class="mono">${r.witness}</span></p>
<p class="note">${wt(lang, 'detected')} ${formatDateTime(r.detectedAt)} · ${wt(lang, 'received')} ${formatDateTime(r.receivedAt)}</p>
<p>${wt(lang, 'finding')}:</p><code class="vkey">${r.finding}</code>
<p class="note"><a href="/funds/${r.fundId}/log/fork-reports">${wt(lang, 'proofJson')}</a></p></li>`,
      )}</ol>
<p class="note">${wt(lang, 'checkIt')}</p>`
}</section>`;
}

export function witnessesPage(lang: Lang, d: WitnessesPageData): SafeHtml {
  const q = lang === 'en' ? '?lang=en' : '';
  const hasErrors = Object.keys(d.form.errors).length > 0;
  const field = (name: 'vkey' | 'label', label: WitnessTextKey, extra: SafeHtml) => {
    const error = d.form.errors[name];
    return html`<label for="witness-${name}">${wt(lang, label)}</label>
${error ? html`<p class="error" id="witness-${name}-error">${error}</p>` : ''}
<input type="text" id="witness-${name}" name="${name}" required value="${d.form.values[name] ?? ''}" ${extra} ${error ? html`aria-invalid="true" aria-describedby="witness-${name}-error"` : ''}>`;
  };
  return html`<h1>${wt(lang, 'witnesses')}</h1>
<p class="note"><a href="/console${q}">${wt(lang, 'home')}</a></p>
${d.flash ? html`<p class="ok" role="status" id="flash">${d.flash}</p>` : ''}
<p>${wt(lang, 'intro')}</p>
<section><h2 id="registered">${wt(lang, 'registered')}</h2>
${
  d.witnesses.length === 0
    ? html`<p id="no-witnesses">${wt(lang, 'none')}</p>`
    : html`<ol class="entries" id="witnesses">${d.witnesses.map(
        (
          w,
        ) => html`<li data-witness="${w.name}"><p><strong>${w.label}</strong> · ${wt(lang, 'keyName')}: <span class="mono">${w.name}</span></p>
<p>${wt(lang, 'vkey')}:</p><code class="vkey">${w.vkey}</code>
<p class="note">${wt(lang, 'added')} ${formatDateTime(w.addedAt)} · ${wt(lang, 'addedBy')} ${w.addedBy}</p></li>`,
      )}</ol>`
}</section>
<section><h2 id="how-to">${wt(lang, 'howTo')}</h2>
<p>${wt(lang, 'howToHint')}</p>
<pre class="mono" id="witness-command">npm run witness -- --url ${d.baseUrl} --state ./witness --print-key</pre></section>
<section><h2 id="add">${wt(lang, 'add')}</h2>
${hasErrors ? html`<p class="alert" role="alert">${wt(lang, 'fix')}</p>` : ''}
<form method="post" action="/console/witnesses${q}" id="witness-form"><input type="hidden" name="csrf" value="${d.csrf}">
${field('vkey', 'vkeyField', html`maxlength="400" autocomplete="off" spellcheck="false" class="mono"`)}
${field('label', 'labelField', html`maxlength="120"`)}
<p class="note">${wt(lang, 'replaceNote')}</p>
<button type="submit">${wt(lang, 'addButton')}</button>
</form></section>
${forkReportsSection(lang, d.forkReports ?? [])}`;
}

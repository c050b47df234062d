import type { Entry } from '@soquy/ledger';
import { formatVnd } from '../format.ts';
import { html, type SafeHtml, trusted } from '../html.ts';
import { type Lang, type TextKey, t } from '../i18n.ts';
import { pageCsp } from '../page.ts';
import { formatDateTime } from './bank-console.ts';
import { moneyOf } from './fund.ts';
import { VERIFY_SCRIPT, VERIFY_SCRIPT_SOURCE } from './verify-script.ts';

export const VERIFY_CHECKS = ['hash', 'inclusion', 'signature', 'checkpoint'] as const;
export type VerifyCheckName = (typeof VERIFY_CHECKS)[number];

/**
 * One check's outcome: `none` for a receipt that printed no checkpoint (checked against the
 * latest), `unsupported` for a browser without Ed25519 (never the fund's fault).
 */
export type VerifyState = 'ok' | 'fail' | 'none' | 'unsupported';

export interface VerifyCheck {
  name: VerifyCheckName;
  state: VerifyState;
  /** The values the result's text names: {computed}, {receipt}, {size}, {root}, {key}… */
  values: Record<string, string | number>;
}

/** What a receipt printed, as the verification link carries it. */
export interface ClaimedReceipt {
  hash: string;
  size?: number;
  /** As printed: base64 or base64url. */
  root?: string;
}

/** The entry's proof under a signed checkpoint, as the server found it. */
export interface ProofOfEntry {
  leafIndex: number;
  treeSize: number;
  /** Base64, RFC 9162 order. */
  proof: string[];
  /** The signed note. */
  checkpoint: string;
  logKey: string;
  /** The checkpoint's root, standard base64. */
  root: string;
}

export interface VerifyPageData {
  fundId: string;
  fundName: string;
  seq: number;
  claimed: ClaimedReceipt;
  entry: Entry;
  /** Absent while no checkpoint covers the entry. */
  proof?: ProofOfEntry;
  /** The server's own results of the four checks (shown without JavaScript). */
  checks?: VerifyCheck[];
  receiptUrl: string;
}

/** The page CSP plus exactly the verification script, by its hash: nothing else inline runs. */
export function verifyPageCsp(checkoutOrigin: string): string {
  return `${pageCsp(checkoutOrigin)}; script-src ${VERIFY_SCRIPT_SOURCE}`;
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) =>
    values[name] === undefined ? all : String(values[name]),
  );

const MARKS: Record<VerifyState, string> = { ok: '✓', fail: '✗', none: '–', unsupported: '–' };

/** The result text of a check in a state (the script gets the same texts). */
const resultKey = (name: VerifyCheckName, state: VerifyState) =>
  `result_${name}_${state === 'ok' ? 'ok' : state === 'none' ? 'none' : state === 'unsupported' ? 'unsupported' : 'fail'}` as TextKey;

/** The texts the in-browser check writes, in the page's language. */
function scriptTexts(lang: Lang): Record<string, string> {
  const texts: Record<string, string> = {
    broken: t(lang, 'result_broken'),
    running: t(lang, 'summary_running'),
    summary_ok: t(lang, 'summary_ok'),
    summary_fail: t(lang, 'summary_fail'),
    summary_partial: t(lang, 'summary_partial'),
    signature_unsupported: t(lang, 'result_signature_unsupported'),
    checkpoint_none: t(lang, 'result_checkpoint_none'),
  };
  for (const name of VERIFY_CHECKS) {
    texts[`${name}_ok`] = t(lang, resultKey(name, 'ok'));
    texts[`${name}_fail`] = t(lang, resultKey(name, 'fail'));
  }
  return texts;
}

/** JSON inside a script element: `<` escaped so no text can close the element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function entryBlock(lang: Lang, entry: Entry): SafeHtml {
  const money = moneyOf(entry);
  const amount = money.in || money.out || Math.abs(entry.postings[0]?.amount ?? 0);
  return html`<dl id="verify-entry">
<dt>${t(lang, 'seq')}</dt><dd id="entry-seq">${entry.seq}</dd>
<dt>${t(lang, 'verifyKind')}</dt><dd id="entry-kind">${t(lang, `kind_${entry.kind}` as TextKey) ?? entry.kind}</dd>
<dt>${t(lang, 'amount')}</dt><dd id="entry-amount">${formatVnd(amount)}</dd>
${entry.donor ? html`<dt>${t(lang, 'verifyDonor')}</dt><dd id="entry-donor">${entry.donor.displayName}</dd>` : ''}
${entry.payee ? html`<dt>${t(lang, 'verifyPayee')}</dt><dd>${entry.payee.name}</dd>` : ''}
<dt>${t(lang, 'verifyDate')}</dt><dd id="entry-date">${formatDateTime(entry.occurredAt)}</dd>
${entry.memo ? html`<dt>${t(lang, 'memo')}</dt><dd>${entry.memo}</dd>` : ''}
<dt>${t(lang, 'hash')}</dt><dd class="mono" id="entry-hash">${entry.hash}</dd>
</dl>`;
}

function checkItem(lang: Lang, name: VerifyCheckName, check: VerifyCheck | undefined): SafeHtml {
  const state = check?.state;
  return html`<li class="check" id="check-${name}" data-state="${state ?? 'pending'}" data-by="server">
<span class="mark">${state ? MARKS[state] : '…'}</span> <strong>${t(lang, `check_${name}` as TextKey)}</strong>
<br><span class="result">${check ? fill(t(lang, resultKey(name, check.state)), check.values) : ''}</span>
<p class="note">${t(lang, `check_${name}_what` as TextKey)}</p>
</li>`;
}

/**
 * GET /funds/{fundId}/verify: the receipt, its proof, the signed checkpoint and the log key,
 * the four checks explained and the server's results; the script then redoes them in the
 * browser. Without a checkpoint yet, the page says so and the link keeps working.
 */
export function verifyPage(lang: Lang, data: VerifyPageData): SafeHtml {
  const { proof, claimed } = data;
  const allOk = data.checks?.every((c) => c.state === 'ok' || c.state === 'none');
  return html`<div class="verify"><h1>${t(lang, 'verifyTitle')}</h1>
<p>${fill(t(lang, 'verifyIntro'), { fund: data.fundName })}</p>
<h2>${t(lang, 'verifyEntry')}</h2>
${entryBlock(lang, data.entry)}
<p class="note">${t(lang, 'verifyReceiptPrinted')}: seq ${data.seq} · <span class="mono" id="claimed-hash">${claimed.hash}</span>${claimed.size !== undefined ? html` · ${fill(t(lang, 'checkpointOf'), { size: claimed.size, root: claimed.root ?? '–' })}` : ''}</p>
${
  proof
    ? html`<h2>${t(lang, 'verifyChecks')}</h2>
<p id="verify-summary" class="summary" role="status" data-state="${allOk ? 'ok' : 'fail'}" data-by="server">${t(lang, allOk ? 'summary_server_ok' : 'summary_server_fail')}</p>
<ol class="checks">${VERIFY_CHECKS.map((name) =>
        checkItem(
          lang,
          name,
          data.checks?.find((c) => c.name === name),
        ),
      )}</ol>
<p class="note server-note">${t(lang, 'verifyServerNote')}</p>
<h2>${t(lang, 'verifyCheckpointNote')}</h2>
<pre class="mono" id="checkpoint-note">${proof.checkpoint}</pre>
<details open><summary>${fill(t(lang, 'proofHashes'), { count: proof.proof.length })}</summary>
${proof.proof.length ? html`<ol class="proof mono" id="proof-hashes" start="1">${proof.proof.map((h) => html`<li>${h}</li>`)}</ol>` : html`<p class="note">${t(lang, 'proofNone')}</p>`}
</details>
<h2>${t(lang, 'verifyLogKey')}</h2>
<p><code class="vkey" id="log-key">${proof.logKey}</code></p>
<p class="note">${t(lang, 'verifyLogKeyHint')}</p>
<p><a href="${data.receiptUrl}" download>${t(lang, 'receiptJson')}</a></p>
<script type="application/json" id="receipt-data">${trusted(
        scriptJson({
          fundId: data.fundId,
          entry: data.entry,
          leafIndex: proof.leafIndex,
          proof: proof.proof,
          checkpoint: proof.checkpoint,
          logKey: proof.logKey,
          claimed,
          text: scriptTexts(lang),
        }),
      )}</script>
<script>${trusted(VERIFY_SCRIPT)}</script>`
    : html`<p class="alert" id="verify-pending" role="status">${fill(t(lang, 'verifyPending'), { seq: data.seq })}</p>`
}</div>`;
}

import {
  listUnpaidPledges,
  MailDeliveryError,
  type ManualReminder,
  NoDonorEmailError,
  NothingOutstandingError,
  remindPledgeNow,
  vietnamDate,
} from '@soquy/ledger';
import { type Lang, redirect, type UnpaidTextKey, unpaidConsole, ut } from '@soquy/web';
import { mailLogOf, notifyDeps } from '../../shared/mail-runtime.ts';
import { manageLinkKeyOnce } from '../../shared/manage-link-key.ts';
import { payLinkUrl } from '../../shared/pay-link.ts';
import { startFunction } from '../../shared/runtime.ts';
import type { SignedInContext, SignedInPage } from '../context.ts';
import { show } from '../context.ts';
import { csvDownload } from '../csv.ts';

// Reminders need the mailer and the manage-link key (each message to the donor links to their
// pledge page and signs its unsubscribe link); the Zalo/SMS texts carry pay links, signed with
// the same key under their own label: they show what is owed and cannot cancel anything.
// Read with the console's own configuration when the function starts.
const runtime = startFunction(['mail', 'manageLinks']);
const mailLog = mailLogOf(runtime.config);
const payKey = manageLinkKeyOnce(runtime.config);
/** The mailer and its adapters, made once per public address the console is reached at. */
const senders = new Map<string, ReturnType<typeof notifyDeps>>();
const sender = (baseUrl: string) => {
  let deps = senders.get(baseUrl);
  if (!deps) {
    deps = notifyDeps(runtime, baseUrl);
    senders.set(baseUrl, deps);
  }
  return deps;
};

/** The page's own address, with its language. */
const unpaidPath = (fundId: string, lang: Lang, query = '') =>
  `/console/f/${fundId}/unpaid${lang === 'en' ? `?lang=en${query ? `&${query}` : ''}` : query ? `?${query}` : ''}`;

async function unpaidOf(context: SignedInContext) {
  const fundId = context.params[0] as string;
  return listUnpaidPledges(
    { store: context.deps.store, clock: context.deps.clock, mailLog },
    context.event.actor,
    fundId,
  );
}

/** What came of a reminder the treasurer sent, as the redirect's query names it. */
const RESULTS: Record<string, { ok: boolean; key: UnpaidTextKey }> = {
  sent: { ok: true, key: 'sent' },
  'already-sent-today': { ok: false, key: 'alreadySent' },
  unsubscribed: { ok: false, key: 'refusedUnsubscribed' },
  'no-email': { ok: false, key: 'refusedNoEmail' },
  closed: { ok: false, key: 'refusedClosed' },
  'mail-failed': { ok: false, key: 'refusedMail' },
};

/** GET /console/f/{fundId}/unpaid[?reminded=<pledgeId>&result=…]: the unpaid pledges. */
export const unpaidPageRoute: SignedInPage = async (context) => {
  const list = await unpaidOf(context);
  const query = context.event.queryStringParameters ?? {};
  const result = query.result ? RESULTS[query.result] : undefined;
  // Pay links, never the donor's manage link: the text goes through the treasurer's Zalo.
  const payUrls = new Map<string, string>();
  for (const p of list.pledges)
    payUrls.set(p.pledgeId, await payLinkUrl(context.baseUrl, payKey, p.pledgeId));
  return show(
    context,
    200,
    ut(context.lang, 'title'),
    unpaidConsole(context.lang, {
      list,
      csrf: context.session.csrf,
      payUrls,
      ...(result
        ? {
            flash: {
              ok: result.ok,
              text: ut(context.lang, result.key),
              ...(query.reminded ? { pledgeId: query.reminded } : {}),
            },
          }
        : {}),
    }),
    { fund: { id: list.fundId, name: list.fundName } },
  );
};

/** GET /console/f/{fundId}/unpaid.csv: the same list as a spreadsheet. */
export const unpaidCsv: SignedInPage = async (context) => {
  const list = await unpaidOf(context);
  const vi = context.lang === 'vi';
  const header = vi
    ? [
        'Mã cam kết',
        'Người cam kết',
        'Email',
        'Điện thoại',
        'Hình thức',
        'Cam kết (đồng)',
        'Đã đóng (đồng)',
        'Còn thiếu (đồng)',
        'Ngày cam kết',
        'Số ngày',
        'Hạn đóng',
        'Số ngày quá hạn',
        'Đã tắt thư nhắc',
      ]
    : [
        'Reference',
        'Donor',
        'Email',
        'Phone',
        'Method',
        'Pledged (VND)',
        'Paid (VND)',
        'Outstanding (VND)',
        'Pledged on',
        'Days',
        'Due',
        'Days overdue',
        'Reminders off',
      ];
  return csvDownload(
    `unpaid-${list.fundId}.csv`,
    header,
    list.pledges.map((p) => [
      p.reference,
      p.donorName,
      p.email ?? '',
      p.phone ?? '',
      p.method,
      p.amount,
      p.paid,
      p.outstanding,
      // The day it was pledged in Vietnam, not in UTC (a pledge at 06:00 belongs to that day).
      vietnamDate(p.createdAt),
      p.ageDays,
      p.dueDate ?? '',
      p.overdueDays,
      p.unsubscribed ? (vi ? 'có' : 'yes') : '',
    ]),
  );
};

/**
 * POST /console/f/{fundId}/unpaid/{pledgeId}/remind: one reminder to this pledge's donor, now;
 * then back to the list, which says what happened next to the pledge.
 */
export const remindForm: SignedInPage = async (context) => {
  const [fundId = '', pledgeId = ''] = context.params;
  let result: ManualReminder | 'no-email' | 'closed' | 'mail-failed';
  try {
    result = await remindPledgeNow(sender(context.baseUrl), context.event.actor, fundId, pledgeId);
  } catch (error) {
    if (error instanceof NoDonorEmailError) result = 'no-email';
    else if (error instanceof NothingOutstandingError) result = 'closed';
    else if (error instanceof MailDeliveryError || (error as Error).name === 'MailTransportError')
      result = 'mail-failed';
    else throw error;
  }
  return redirect(
    `${unpaidPath(fundId, context.lang, `reminded=${pledgeId}&result=${result}`)}#unpaid-${pledgeId}`,
  );
};

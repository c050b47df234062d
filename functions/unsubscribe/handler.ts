import { getFund, pledgePath, pledgeToUnsubscribe, unsubscribeReminders } from '@soquy/ledger';
import {
  formFields,
  htmlPage,
  layout,
  pageLang,
  pathOf,
  unsubscribeDone,
  unsubscribeQuestion,
  unsubscribeTitle,
} from '@soquy/web';
import { unsubscribeDeps } from '../shared/mail-runtime.ts';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['manageLinks']);
const page = pagesOf(runtime);
const deps = unsubscribeDeps(runtime);

/** The link is a secret of its own: keep it out of Referer headers. */
const NO_REFERRER = { 'referrer-policy': 'no-referrer' };

/**
 * GET /u/{pledgeId}?t=TOKEN: asks whether to stop this pledge's reminders; nothing is written
 * (mail scanners open links). POST /u/{pledgeId}: stops them, with the token as a form field
 * (the question's button) or in the query (RFC 8058 one-click: a mail app posts
 * `List-Unsubscribe=One-Click` to the List-Unsubscribe address). A wrong token: 404.
 */
export const handler = page({ name: 'unsubscribe' }).handler(async (event) => {
  const lang = pageLang(event);
  const path = pledgePath.safeParse(event.pathParameters ?? {});
  const pledgeId = path.success ? path.data.pledgeId : 'pl_unknown';
  const query = event.queryStringParameters ?? {};
  const posted = event.requestContext.http.method === 'POST';
  const token = (posted ? (formFields(event).t ?? query.t) : query.t) ?? '';
  if (posted) {
    const pledge = await unsubscribeReminders(deps, pledgeId, token);
    const fund = await getFund(deps, pledge.fundId);
    return htmlPage(
      200,
      layout({
        lang,
        title: unsubscribeTitle(lang),
        path: pathOf(event),
        body: unsubscribeDone(lang, { fundName: fund.name, reference: pledge.reference }),
      }),
      NO_REFERRER,
    );
  }
  const { pledge, unsubscribed } = await pledgeToUnsubscribe(deps, pledgeId, token);
  const fund = await getFund(deps, pledge.fundId);
  return htmlPage(
    200,
    layout({
      lang,
      title: unsubscribeTitle(lang),
      path: pathOf(event),
      body: unsubscribeQuestion(lang, {
        fundName: fund.name,
        reference: pledge.reference,
        action: `/u/${pledgeId}${lang === 'en' ? '?lang=en' : ''}`,
        token,
        already: unsubscribed,
      }),
    }),
    NO_REFERRER,
  );
});

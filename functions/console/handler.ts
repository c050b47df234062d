import {
  type ApiResult,
  crossSiteRequest,
  csrfProtection,
  postedForm,
  publicBaseUrl,
  type Session,
  type SessionEvent,
  type SignInSettings,
  sessionVerifier,
  staffSession,
} from '@soquy/http';
import { pageLang, redirect } from '@soquy/web';
import { statementDeps } from '../shared/bank-runtime.ts';
import { part } from '../shared/config.ts';
import { evidenceDeps } from '../shared/evidence-runtime.ts';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';
import { devUsersFile, staffDirectory } from '../shared/staff-runtime.ts';
import type { ConsoleContext, ConsolePage, SignedInContext, SignedInPage } from './context.ts';
import {
  decisionFormRoute,
  declareStatementForm,
  queueCsv,
  queuePage,
  statementProgressPage,
  statementsPageRoute,
  transferForm,
  unroutedPageRoute,
  uploadStatementForm,
} from './pages/bank.ts';
import { pendingCsv, receiptsCsv, spendingCsv } from './pages/csv-exports.ts';
import {
  decisionForm,
  paymentForm,
  reversalForm,
  spendingForm,
  withdrawForm,
} from './pages/forms.ts';
import { evidenceLinkPage, fundConsolePage } from './pages/fund.ts';
import { consoleHomePage } from './pages/home.ts';
import { openFundForm, openFundFormPage } from './pages/open-fund.ts';
import { settingsForm, settingsPageRoute } from './pages/settings.ts';
import {
  cognitoCallback,
  refuseCrossSite,
  showSignIn,
  signInWithToken,
  signOut,
} from './pages/sign-in.ts';
import { addStaffForm, removeStaffForm, removeStaffPage, staffPageRoute } from './pages/staff.ts';
import { remindForm, unpaidCsv, unpaidPageRoute } from './pages/unpaid.ts';
import { addWitnessForm, witnessesPageRoute } from './pages/witnesses.ts';

const runtime = startFunction(['evidence', 'signIn', 'statements', 'staff']);
const page = pagesOf(runtime);
const deps = {
  ...evidenceDeps(runtime),
  ...statementDeps(runtime),
  staffDirectory: staffDirectory(runtime),
};
const localUsers = devUsersFile(runtime);
const signInConfig = part(runtime.config, 'signIn');
const signIn: SignInSettings =
  'USER_POOL_ID' in signInConfig
    ? {
        mode: 'cognito',
        userPoolId: signInConfig.USER_POOL_ID,
        clientId: signInConfig.USER_POOL_CLIENT_ID,
        domain: signInConfig.COGNITO_DOMAIN,
      }
    : { mode: 'dev', devKey: signInConfig.DEV_JWT_KEY };

type Route =
  | { method: 'GET' | 'POST'; pattern: RegExp; open: true; page: ConsolePage }
  | { method: 'GET' | 'POST'; pattern: RegExp; open?: false; page: SignedInPage };

/** A fund id and a disbursement id as the core names them (at most 64 characters). */
const FUND = '([a-z0-9-]{1,64})';
const DISBURSEMENT = '(db_[a-z0-9]{1,61})';
const STATEMENT = '(st_[0-9a-f]{24})';
const route = (source: string) => new RegExp(`^${source}$`);

/**
 * The console's pages, in the order they are tried. `open` ones need no session. Ours, not
 * middy's http-router: its `{param}` takes any segment, while these patterns refuse a malformed
 * fund, statement or disbursement id before any page runs, and the session middleware asks this
 * table whether a path is open, which a router that picks the handler last cannot answer.
 */
const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/console\/sign-in$/, open: true, page: showSignIn },
  { method: 'POST', pattern: /^\/console\/sign-in$/, open: true, page: signInWithToken },
  { method: 'GET', pattern: /^\/console\/callback$/, open: true, page: cognitoCallback },
  { method: 'POST', pattern: /^\/console\/sign-out$/, page: signOut },
  {
    method: 'GET',
    pattern: route(`/console/f/${FUND}/evidence/([0-9a-f]{64})`),
    page: evidenceLinkPage,
  },
  { method: 'GET', pattern: route(`/console/f/${FUND}`), page: fundConsolePage },
  { method: 'GET', pattern: route(`/console/f/${FUND}/bank`), page: statementsPageRoute },
  { method: 'GET', pattern: /^\/console\/funds\/new$/, page: openFundFormPage },
  { method: 'POST', pattern: /^\/console\/funds\/new$/, page: openFundForm },
  { method: 'GET', pattern: route(`/console/f/${FUND}/staff`), page: staffPageRoute },
  { method: 'POST', pattern: route(`/console/f/${FUND}/staff`), page: addStaffForm },
  { method: 'GET', pattern: route(`/console/f/${FUND}/staff/remove`), page: removeStaffPage },
  { method: 'POST', pattern: route(`/console/f/${FUND}/staff/remove`), page: removeStaffForm },
  { method: 'GET', pattern: route(`/console/f/${FUND}/settings`), page: settingsPageRoute },
  { method: 'POST', pattern: route(`/console/f/${FUND}/settings`), page: settingsForm },
  { method: 'POST', pattern: route(`/console/f/${FUND}/statements`), page: uploadStatementForm },
  {
    method: 'POST',
    pattern: route(`/console/f/${FUND}/statements/declare`),
    page: declareStatementForm,
  },
  {
    method: 'GET',
    pattern: route(`/console/statements/${STATEMENT}`),
    page: statementProgressPage,
  },
  { method: 'GET', pattern: route(`/console/f/${FUND}/queue`), page: queuePage },
  { method: 'GET', pattern: route(`/console/f/${FUND}/queue.csv`), page: queueCsv },
  { method: 'GET', pattern: route(`/console/f/${FUND}/receipts.csv`), page: receiptsCsv },
  { method: 'GET', pattern: route(`/console/f/${FUND}/spending.csv`), page: spendingCsv },
  { method: 'GET', pattern: route(`/console/f/${FUND}/pending.csv`), page: pendingCsv },
  { method: 'GET', pattern: route(`/console/f/${FUND}/unpaid`), page: unpaidPageRoute },
  { method: 'GET', pattern: route(`/console/f/${FUND}/unpaid.csv`), page: unpaidCsv },
  {
    method: 'POST',
    pattern: route(`/console/f/${FUND}/unpaid/(pl_[a-z0-9]{8,40})/remind`),
    page: remindForm,
  },
  {
    method: 'POST',
    pattern: route(`/console/f/${FUND}/bank-lines/decision`),
    page: decisionFormRoute,
  },
  { method: 'POST', pattern: route(`/console/f/${FUND}/transfers`), page: transferForm },
  { method: 'GET', pattern: /^\/console\/bank\/unrouted$/, page: unroutedPageRoute },
  { method: 'GET', pattern: /^\/console\/witnesses$/, page: witnessesPageRoute },
  { method: 'POST', pattern: /^\/console\/witnesses$/, page: addWitnessForm },
  { method: 'POST', pattern: route(`/console/f/${FUND}/payments`), page: paymentForm },
  { method: 'POST', pattern: route(`/console/f/${FUND}/disbursements`), page: spendingForm },
  { method: 'POST', pattern: route(`/console/f/${FUND}/reversals`), page: reversalForm },
  {
    method: 'POST',
    pattern: route(`/console/disbursements/${DISBURSEMENT}/(approve|reject)`),
    page: decisionForm,
  },
  {
    method: 'POST',
    pattern: route(`/console/disbursements/${DISBURSEMENT}/withdraw`),
    page: withdrawForm,
  },
  { method: 'GET', pattern: /^\/console\/?$/, page: consoleHomePage },
];

function routeOf(event: SessionEvent) {
  const method = event.requestContext.http.method;
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(event.rawPath);
    if (match) return { route, params: match.slice(1) };
  }
  return undefined;
}

/**
 * The console: a router in front of one module per page or form. The session, the parsed form
 * and the CSRF check come from the shared middleware stack, before any page runs.
 */
export const handler = page({
  name: 'console',
  use: [
    postedForm(),
    staffSession({
      verify: sessionVerifier(signIn),
      isOpen: (event) => routeOf(event)?.route.open === true,
      signInPath: '/console/sign-in',
    }),
    csrfProtection(),
  ],
}).handler(async (event): Promise<ApiResult> => {
  const request = event as SessionEvent;
  const found = routeOf(request);
  const context: ConsoleContext = {
    event: request,
    lang: pageLang(request),
    deps,
    signIn,
    baseUrl: publicBaseUrl(request),
    params: found?.params ?? [],
    ...(localUsers ? { devUsersFile: localUsers } : {}),
  };
  // A form another site made a browser post (sign-in included: login CSRF) is read no further.
  if (request.requestContext.http.method === 'POST' && crossSiteRequest(request))
    return refuseCrossSite(context);
  // Anything else: GETs land on the console's home, stray posts go back to it.
  if (!found) return redirect('/console');
  if (found.route.open) return found.route.page(context);
  // The session middleware let this request through, so it carries a session.
  const signedIn: SignedInContext = { ...context, session: request.session as Session };
  return found.route.page(signedIn);
});

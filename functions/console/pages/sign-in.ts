import {
  clearedSessionCookie,
  findDevUser,
  type SignInSettings,
  sessionCookie,
  sessionVerifier,
  signDevUserToken,
} from '@soquy/http';
import { at, ct, redirect, signInPage } from '@soquy/web';
import {
  type ConsoleContext,
  type ConsolePage,
  fieldsOf,
  type SignedInPage,
  show,
} from '../context.ts';

/**
 * The Cognito hosted UI sign-in page, which sends the browser back to /console/callback. After a
 * sign-out it goes through Cognito's /logout first, which ends Cognito's session and then shows
 * its sign-in page: whoever comes next types their own password.
 */
export function hostedUiUrl(
  settings: SignInSettings,
  baseUrl: string,
  options: { afterSignOut?: boolean } = {},
): string | undefined {
  if (settings.mode !== 'cognito') return undefined;
  const params = new URLSearchParams({
    client_id: settings.clientId,
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: `${baseUrl}/console/callback`,
  });
  const endpoint = options.afterSignOut ? 'logout' : 'oauth2/authorize';
  return `https://${settings.domain}/${endpoint}?${params}`;
}

/** Cognito refused the code: used, expired, made up, or for another client. */
class CodeRefusedError extends Error {
  constructor(status: number) {
    super(`Cognito refused the sign-in code (${status})`);
    this.name = 'CodeRefusedError';
  }
}

/** Trades the hosted UI's one-time code for tokens (public client, no secret). */
async function exchangeCode(
  settings: Extract<SignInSettings, { mode: 'cognito' }>,
  code: string,
  baseUrl: string,
): Promise<string> {
  const response = await fetch(`https://${settings.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      code,
      redirect_uri: `${baseUrl}/console/callback`,
    }),
  });
  if (response.status >= 400 && response.status < 500) throw new CodeRefusedError(response.status);
  if (!response.ok) throw new Error(`Cognito's token endpoint failed (${response.status})`);
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('Cognito sent no access token');
  return tokens.access_token;
}

const signedIn = (token: string, expiresAt: number, baseUrl: string) => ({
  ...redirect('/console'),
  cookies: [sessionCookie(token, expiresAt, baseUrl.startsWith('https:'))],
});

/**
 * The sign-in page: locally a dev user's name or a pasted token, the hosted UI button in AWS;
 * with a refusal, if any.
 */
function signInShown(context: ConsoleContext, status: number, error?: string, devUser?: string) {
  const signedOut = context.event.queryStringParameters?.['signed-out'] === '1';
  const url = hostedUiUrl(context.signIn, context.baseUrl, { afterSignOut: signedOut });
  return show(
    context,
    status,
    ct(context.lang, 'signIn'),
    signInPage(context.lang, {
      mode: context.signIn.mode,
      ...(url ? { hostedUiUrl: url } : {}),
      ...(error ? { error } : {}),
      ...(devUser ? { devUser } : {}),
      signedOut,
    }),
  );
}

/** GET /console/sign-in. */
export const showSignIn: ConsolePage = async (context) => signInShown(context, 200);

/**
 * Any console POST that a browser sent on behalf of another site (a form elsewhere posting to
 * us): refused before it is read, so no one can sign a victim into the attacker's session.
 */
export const refuseCrossSite: ConsolePage = async (context) =>
  signInShown(context, 403, ct(context.lang, 'crossSite'));

/**
 * POST /console/sign-in (local stack only): a pasted dev token becomes the session cookie, if
 * the API would take it: signed with the local key, unexpired, an access token for this app client.
 */
export const signInWithToken: ConsolePage = async (context) => {
  if (context.signIn.mode !== 'dev') return showSignIn(context);
  const fields = fieldsOf(context);
  if (fields.user !== undefined) return signInAsDevUser(context, context.signIn, fields.user);
  const token = (fields.token ?? '').trim();
  const session = await sessionVerifier(context.signIn)(token);
  if (!session) return signInShown(context, 401, ct(context.lang, 'badToken'));
  return signedIn(token, session.expiresAt, context.baseUrl);
};

/**
 * The local stack's stand-in for Cognito's password sign-in: a dev user an administrator added
 * (a treasurer or approver of some fund) signs in by name, with exactly the groups they were
 * given. Locally only: the key that signs the session is the local stack's.
 */
async function signInAsDevUser(
  context: ConsoleContext,
  settings: Extract<SignInSettings, { mode: 'dev' }>,
  who: string,
) {
  const user = context.devUsersFile ? findDevUser(context.devUsersFile, who) : undefined;
  if (!user || user.groups.length === 0)
    return signInShown(context, 401, at(context.lang, 'devUserUnknown'), who.slice(0, 254));
  const token = await signDevUserToken(Buffer.from(settings.devKey, 'hex'), user);
  const session = await sessionVerifier(settings)(token);
  if (!session) return signInShown(context, 401, ct(context.lang, 'badToken'));
  return signedIn(token, session.expiresAt, context.baseUrl);
}

/** GET /console/callback?code=…: Cognito's hosted UI comes back here. */
export const cognitoCallback: ConsolePage = async (context) => {
  if (context.signIn.mode !== 'cognito') return redirect('/console/sign-in');
  const code = context.event.queryStringParameters?.code ?? '';
  if (!code) return signInShown(context, 400, ct(context.lang, 'signInFailed'));
  let token: string;
  try {
    token = await exchangeCode(context.signIn, code, context.baseUrl);
  } catch (error) {
    // A bad or used code is the visitor's; Cognito being down stays our 5xx.
    if (error instanceof CodeRefusedError)
      return signInShown(context, 400, ct(context.lang, 'signInFailed'));
    throw error;
  }
  const session = await sessionVerifier(context.signIn)(token);
  if (!session) return signInShown(context, 401, ct(context.lang, 'signInFailed'));
  return signedIn(token, session.expiresAt, context.baseUrl);
};

/**
 * POST /console/sign-out: the session cookie goes. In AWS the sign-in page then sends the next
 * sign-in through Cognito's logout first (see hostedUiUrl), so Cognito's own session cannot let
 * the previous person straight back in on a shared computer. (A redirect to Cognito from here
 * would be a form's redirect to another origin, which the pages' CSP form-action refuses.)
 */
export const signOut: SignedInPage = async (context) => ({
  ...redirect(`/console/sign-in?signed-out=1${context.lang === 'en' ? '&lang=en' : ''}`),
  cookies: [clearedSessionCookie],
});

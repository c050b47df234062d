import {
  clearedSessionCookie,
  type SignInSettings,
  sessionCookie,
  sessionVerifier,
} from '@soquy/http';
import { ct, redirect, signInPage } from '@soquy/web';
import {
  type ConsoleContext,
  type ConsolePage,
  fieldsOf,
  type SignedInPage,
  show,
} from '../context.ts';

/** The Cognito hosted UI sign-in page, which sends the browser back to /console/callback. */
export function hostedUiUrl(settings: SignInSettings, baseUrl: string): string | undefined {
  if (settings.mode !== 'cognito') return undefined;
  const params = new URLSearchParams({
    client_id: settings.clientId,
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: `${baseUrl}/console/callback`,
  });
  return `https://${settings.domain}/oauth2/authorize?${params}`;
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

/** The sign-in page: a token field locally, the hosted UI button in AWS; with a refusal, if any. */
function signInShown(context: ConsoleContext, status: number, error?: string) {
  const url = hostedUiUrl(context.signIn, context.baseUrl);
  return show(
    context,
    status,
    ct(context.lang, 'signIn'),
    signInPage(context.lang, {
      mode: context.signIn.mode,
      ...(url ? { hostedUiUrl: url } : {}),
      ...(error ? { error } : {}),
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
  const token = (fieldsOf(context).token ?? '').trim();
  const session = await sessionVerifier(context.signIn)(token);
  if (!session) return signInShown(context, 401, ct(context.lang, 'badToken'));
  return signedIn(token, session.expiresAt, context.baseUrl);
};

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

/** POST /console/sign-out. */
export const signOut: SignedInPage = async () => ({
  ...redirect('/console/sign-in'),
  cookies: [clearedSessionCookie],
});

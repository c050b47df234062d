import {
  clearedSessionCookie,
  type SignInSettings,
  sessionCookie,
  sessionVerifier,
} from '@soquy/http';
import { ct, redirect, signInPage } from '@soquy/web';
import { type ConsolePage, fieldsOf, type SignedInPage, show } from '../context.ts';

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
  if (!response.ok) throw new Error(`Cognito refused the sign-in code (${response.status})`);
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('Cognito sent no access token');
  return tokens.access_token;
}

const signedIn = (token: string, expiresAt: number, baseUrl: string) => ({
  ...redirect('/console'),
  cookies: [sessionCookie(token, expiresAt, baseUrl.startsWith('https:'))],
});

/** GET /console/sign-in: a token field locally, the hosted UI button in AWS. */
export const showSignIn: ConsolePage = async (context) => {
  const url = hostedUiUrl(context.signIn, context.baseUrl);
  return show(
    context,
    200,
    ct(context.lang, 'signIn'),
    signInPage(context.lang, {
      mode: context.signIn.mode,
      ...(url ? { hostedUiUrl: url } : {}),
    }),
  );
};

/** POST /console/sign-in (local stack only): a pasted dev token becomes the session cookie. */
export const signInWithToken: ConsolePage = async (context) => {
  if (context.signIn.mode !== 'dev') return showSignIn(context);
  const token = (fieldsOf(context).token ?? '').trim();
  const session = await sessionVerifier(context.signIn)(token);
  if (!session) {
    return show(
      context,
      401,
      ct(context.lang, 'signIn'),
      signInPage(context.lang, { mode: 'dev', error: ct(context.lang, 'badToken') }),
    );
  }
  return signedIn(token, session.expiresAt, context.baseUrl);
};

/** GET /console/callback?code=…: Cognito's hosted UI comes back here. */
export const cognitoCallback: ConsolePage = async (context) => {
  if (context.signIn.mode !== 'cognito') return redirect('/console/sign-in');
  const code = context.event.queryStringParameters?.code ?? '';
  const token = await exchangeCode(context.signIn, code, context.baseUrl);
  const session = await sessionVerifier(context.signIn)(token);
  if (!session) return redirect('/console/sign-in');
  return signedIn(token, session.expiresAt, context.baseUrl);
};

/** POST /console/sign-out. */
export const signOut: SignedInPage = async () => ({
  ...redirect('/console/sign-in'),
  cookies: [clearedSessionCookie],
});

import type { Session, SessionEvent, SignInSettings } from '@soquy/http';
import { describe, expect, it } from 'vitest';
import type { SignedInContext } from '../../functions/console/context.ts';
import { hostedUiUrl, signOut } from '../../functions/console/pages/sign-in.ts';

/**
 * Signing out of the console in AWS: the session cookie goes, and the next sign-in passes
 * through Cognito's logout, so the hosted UI's own session cannot sign the previous person
 * straight back in on a shared computer.
 */
const cognito: SignInSettings = {
  mode: 'cognito',
  userPoolId: 'ap-southeast-1_Pool',
  clientId: 'client123',
  domain: 'soquy-staff.auth.ap-southeast-1.amazoncognito.com',
};
const BASE = 'https://abc.execute-api.ap-southeast-1.amazonaws.com';

describe('signing out with Cognito', () => {
  it('clears the session cookie and lands on the sign-in page, saying so', async () => {
    // prepare
    const context = {
      signIn: cognito,
      baseUrl: BASE,
      lang: 'vi',
      event: {} as SessionEvent,
      session: {} as Session,
    } as unknown as SignedInContext;
    // act
    const response = await signOut(context);
    // assess
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe('/console/sign-in?signed-out=1');
    expect(response.cookies).toEqual([expect.stringMatching(/^soquy_session=;.*Max-Age=0/)]);
  });

  it("sends the next sign-in through Cognito's logout, which then shows its sign-in page", () => {
    const after = new URL(hostedUiUrl(cognito, BASE, { afterSignOut: true }) as string);
    const usual = new URL(hostedUiUrl(cognito, BASE) as string);
    expect(after.origin + after.pathname).toBe(`https://${cognito.domain}/logout`);
    expect(usual.pathname).toBe('/oauth2/authorize');
    for (const url of [after, usual]) {
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'client123',
        response_type: 'code',
        scope: 'openid email',
        redirect_uri: `${BASE}/console/callback`,
      });
    }
  });
});

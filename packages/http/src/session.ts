import { createHash } from 'node:crypto';
import httpMultipartBodyParser from '@middy/http-multipart-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import { type Principal, staff } from '@soquy/ledger';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type JWTPayload, jwtVerify } from 'jose';
import { principalFromClaims } from './auth.ts';
import { HttpError } from './errors.ts';
import { type ApiEvent, type Middleware, publicBaseUrl } from './middlewares.ts';

/**
 * Staff sessions for the console: the access token in an HttpOnly cookie. API Gateway's JWT
 * authorizer reads only the Authorization header, so cookie sessions are checked here, against
 * Cognito in AWS and against the local dev key when running locally.
 */
export const SESSION_COOKIE = 'soquy_session';

/** Local tokens mimic Cognito access tokens for one app client; only these are accepted locally. */
export const DEV_ISSUER = 'soquy-local-dev';
export const DEV_CLIENT_ID = 'soquy-local';

/**
 * Checks a local dev token as API Gateway's JWT authorizer checks a Cognito one: signature,
 * issuer, expiry, and the app client it was issued to. Throws if it is not good. The emulator's
 * authorizer and the console's sign-in both use it, so a token one refuses the other refuses.
 */
export async function verifyDevToken(key: Uint8Array, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, { issuer: DEV_ISSUER, algorithms: ['HS256'] });
  if (payload.client_id !== DEV_CLIENT_ID) throw new Error('token is for another client');
  return payload;
}

export type SignInSettings =
  | { mode: 'cognito'; userPoolId: string; clientId: string; domain: string }
  | { mode: 'dev'; devKey: string };

export interface Session {
  token: string;
  principal: Principal;
  /** Double-submit token for the console's forms. */
  csrf: string;
  expiresAt: number;
}

/** A part of a multipart/form-data body: a field, or a file with its name and type. */
export interface FormPart {
  name: string;
  value: string;
  file?: { fileName: string; contentType: string; bytes: Buffer };
}

/** A form as browsers post it: its text fields, and its files for multipart forms. */
export interface PostedForm {
  fields: Record<string, string>;
  parts: FormPart[];
}

/** A page request with its session (once signed in) and its parsed form (POSTs). */
export type SessionEvent = ApiEvent & { session?: Session; form?: PostedForm };

/**
 * Checks a session token: signature, issuer, expiry and app client, as the API's authorizer
 * does, and that it is an access token (not an id token), as Cognito's verifier does.
 */
export function sessionVerifier(settings: SignInSettings) {
  let cognito: ReturnType<typeof CognitoJwtVerifier.create> | undefined;
  const verify = async (token: string): Promise<JWTPayload> => {
    if (settings.mode === 'cognito') {
      cognito ??= CognitoJwtVerifier.create({
        userPoolId: settings.userPoolId,
        clientId: settings.clientId,
        tokenUse: 'access',
      });
      return (await cognito.verify(token)) as JWTPayload;
    }
    const payload = await verifyDevToken(Buffer.from(settings.devKey, 'hex'), token);
    if (payload.token_use !== 'access') throw new Error('not an access token');
    return payload;
  };
  /** The signed-in staff member, or undefined when there is no valid, unexpired session. */
  return async (token: string | undefined): Promise<Session | undefined> => {
    if (!token) return undefined;
    try {
      const claims = await verify(token);
      const principal = principalFromClaims(claims);
      if (!principal) return undefined;
      return {
        token,
        principal,
        csrf: createHash('sha256').update(`csrf:${token}`).digest('hex').slice(0, 32),
        expiresAt: (claims.exp ?? 0) * 1000,
      };
    } catch {
      return undefined;
    }
  };
}

export function cookieOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (cookie.slice(0, at).trim() === name) return cookie.slice(at + 1).trim();
  }
  return undefined;
}

export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Lax; Max-Age=0`;

const urlencodedBody = /* @__PURE__ */ httpUrlencodeBodyParser({ disableContentTypeCheck: true });

/** The fields of a urlencoded body (middy's parser); of a repeated name, its last value. */
export function urlencodedFields(event: APIGatewayProxyEventV2): Record<string, string> {
  const copy = { body: event.body ?? '', isBase64Encoded: event.isBase64Encoded };
  urlencodedBody.before?.({ event: copy } as never);
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(copy.body as unknown as Record<string, unknown>))
    fields[name] = Array.isArray(value) ? String(value.at(-1) ?? '') : String(value);
  return fields;
}

interface MiddyFile {
  filename?: string;
  mimetype: string;
  content: Buffer;
}

const multipartBody = /* @__PURE__ */ httpMultipartBodyParser({
  // Browsers send a file's name in UTF-8 ("hóa-đơn.pdf"), not busboy's default latin1.
  busboy: { defParamCharset: 'utf8' },
  disableContentTypeCheck: true,
});

/** A multipart body's fields and files (middy's parser); an unreadable body is an empty form. */
async function multipartForm(event: APIGatewayProxyEventV2): Promise<PostedForm> {
  const copy = {
    headers: event.headers,
    body: event.body ?? '',
    isBase64Encoded: event.isBase64Encoded,
  };
  try {
    await multipartBody.before?.({ event: copy } as never);
  } catch {
    return { fields: {}, parts: [] };
  }
  const fields: Record<string, string> = {};
  const parts: FormPart[] = [];
  for (const [name, value] of Object.entries(copy.body as unknown as Record<string, unknown>)) {
    // middy lists a repeated file name newest first.
    const values = Array.isArray(value) ? [...value].reverse() : [value];
    for (const one of values) {
      if (typeof one === 'string') {
        fields[name] = one;
        parts.push({ name, value: one });
        continue;
      }
      const file = one as MiddyFile;
      parts.push({
        name,
        value: file.filename ?? '',
        file: { fileName: file.filename ?? '', contentType: file.mimetype, bytes: file.content },
      });
    }
  }
  return { fields, parts };
}

/** Parses a POSTed form (urlencoded or multipart) once, for the CSRF check and the page. */
export function postedForm(): Middleware {
  return {
    before: async (request) => {
      const event = request.event as SessionEvent;
      if (event.requestContext.http.method !== 'POST') return;
      const contentType = event.headers?.['content-type'] ?? '';
      event.form = /^multipart\/form-data\b/i.test(contentType)
        ? await multipartForm(event)
        : { fields: urlencodedFields(event), parts: [] };
    },
  };
}

/**
 * Requires a valid session cookie, except on the paths `isOpen` lets through (signing in);
 * without one the browser is sent to `signInPath`. The session's staff member becomes the
 * request's actor, so the operations decide access exactly as for the API.
 */
export function staffSession(options: {
  verify: (token: string | undefined) => Promise<Session | undefined>;
  isOpen: (event: SessionEvent) => boolean;
  signInPath: string;
}): Middleware {
  return {
    before: async (request) => {
      const event = request.event as SessionEvent;
      if (options.isOpen(event)) return;
      const session = await options.verify(cookieOf(event, SESSION_COOKIE));
      if (!session) {
        return {
          statusCode: 303,
          headers: { location: options.signInPath, 'cache-control': 'no-store' },
          body: '',
        };
      }
      event.session = session;
      event.actor = staff(session.principal);
      return undefined;
    },
  };
}

/**
 * Whether a browser sent this request on behalf of another site, as a form on someone else's
 * page posting to us does (login CSRF, and cross-site posts in general). Browsers say so in
 * Fetch Metadata (`Sec-Fetch-Site`), and in `Origin`, which they send on every POST: either one
 * naming another site is enough. `Origin: null` names no site (our pages' no-referrer policy
 * makes browsers send it even for our own forms), so it counts only through Fetch Metadata. A
 * request with neither header (curl, a script) is no browser acting for a third party.
 */
export function crossSiteRequest(event: APIGatewayProxyEventV2): boolean {
  const site = event.headers?.['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = event.headers?.origin;
  return origin !== undefined && origin !== 'null' && origin !== publicBaseUrl(event);
}

/** Refuses a signed-in form post whose `csrf` field is not the session's (double submit). */
export function csrfProtection(): Middleware {
  return {
    before: (request) => {
      const event = request.event as SessionEvent;
      if (!event.session || event.requestContext.http.method !== 'POST') return;
      if (event.form?.fields.csrf !== event.session.csrf) {
        throw new HttpError(
          403,
          'csrf',
          'This form is out of date or was not sent from the console. Reload the page and try again.',
        );
      }
    },
  };
}

import middy from '@middy/core';
import {
  type ApiEvent,
  type ApiResult,
  contentEncoding,
  headLikeGet,
  type LogLevel,
  observe,
  publicCacheControl,
  securityHeaders,
  throughTheEdge,
  toHttpError,
  urlencodedFields,
} from '@soquy/http';
import { PUBLIC } from '@soquy/ledger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { html } from './html.ts';
import { type Lang, langOf, t } from './i18n.ts';
import { layout } from './layout.ts';

/** Pages send a stricter CSP than none at all: inline styles only, forms to us or to checkout. */
export function pageCsp(checkout: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    `form-action 'self' ${checkout}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function htmlPage(
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): ApiResult {
  return {
    statusCode,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    body,
  };
}

export function redirect(location: string): ApiResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

export function pathOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  return `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
}

export function pageLang(event: APIGatewayProxyEventV2WithJWTAuthorizer): Lang {
  return langOf(event.queryStringParameters);
}

/** Errors as a page a person can read, never a stack trace; 404s say so plainly. */
function htmlErrors(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  return {
    onError: (request) => {
      const error = toHttpError(request.error);
      const lang = pageLang(request.event);
      const notFound = error.status === 404;
      const title = t(lang, notFound ? 'notFoundTitle' : 'errorTitle');
      const message = notFound
        ? t(lang, 'notFound')
        : error.status < 500
          ? error.message
          : t(lang, 'error');
      request.response = htmlPage(
        error.status,
        layout({
          lang,
          title,
          path: pathOf(request.event),
          body: html`<h1>${title}</h1><p>${message}</p><p><a href="/">soquy</a></p>`,
        }),
      );
    },
  };
}

/** Every HTML response gets the page CSP (a handler's own value wins). */
function pageSecurity(checkoutOrigin: string): middy.MiddlewareObj<ApiEvent, ApiResult> {
  const apply = (request: middy.Request<ApiEvent, ApiResult>) => {
    const response = request.response;
    if (!response?.headers || !String(response.headers['content-type']).startsWith('text/html'))
      return;
    response.headers = { 'content-security-policy': pageCsp(checkoutOrigin), ...response.headers };
  };
  return { after: apply, onError: apply };
}

export interface PageOptions {
  name: string;
  logLevel?: LogLevel;
  /** Where the pledge form may send card payers (Stripe Checkout, or the local simulator). */
  checkoutOrigin: string;
  /** More middleware between the error page and the business call (the console's session). */
  use?: middy.MiddlewareObj<ApiEvent, ApiResult>[];
  /**
   * A public page the same for every reader: how many seconds browsers and CloudFront may keep
   * its 200 answers (`htmlPage`'s no-store otherwise). Never for the console or pledge pages.
   */
  publicCacheSeconds?: number;
}

/**
 * A public page's 200 GET answer may be kept `seconds` (errors, redirects, answers setting a
 * cookie, and a value the handler chose itself are left as they are).
 */
function publicPageCache(seconds: number): middy.MiddlewareObj<ApiEvent, ApiResult> {
  return {
    after: (request) => {
      const response = request.response;
      if (!response?.headers || response.statusCode !== 200) return;
      if (request.event.requestContext?.http?.method !== 'GET') return;
      if (response.cookies?.length || response.headers['set-cookie'] !== undefined) return;
      if (request.event.actor?.kind !== PUBLIC.kind) return;
      if (response.headers['cache-control'] !== 'no-store') return;
      response.headers['cache-control'] = publicCacheControl(seconds);
    },
  };
}

/** The stack every page handler uses: logs, compression, security headers, readable error pages. */
export function page(options: PageOptions) {
  const stack = middy<ApiEvent, ApiResult>()
    .use(throughTheEdge())
    .use(observe(options.name, options.logLevel))
    .use(contentEncoding())
    .use(securityHeaders())
    .use(pageSecurity(options.checkoutOrigin))
    .use(htmlErrors());
  if (options.publicCacheSeconds !== undefined)
    stack.use(publicPageCache(options.publicCacheSeconds));
  stack.use(publicActor());
  for (const middleware of options.use ?? []) stack.use(middleware);
  return {
    // HEAD is answered as GET without the body, around the whole stack (early answers too).
    handler: (business: (event: ApiEvent, context: Context) => Promise<ApiResult>) =>
      headLikeGet(
        stack.handler(business as never) as unknown as (
          event: APIGatewayProxyEventV2WithJWTAuthorizer,
          context: Context,
        ) => Promise<ApiResult>,
      ),
  };
}

/** Pages are read by the public; the console's session middleware replaces this actor. */
function publicActor(): middy.MiddlewareObj<ApiEvent, ApiResult> {
  return {
    before: (request) => {
      request.event.actor = PUBLIC;
    },
  };
}

/** The fields of an application/x-www-form-urlencoded body. */
export const formFields = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Record<string, string> => urlencodedFields(event);

export type { ApiResult };

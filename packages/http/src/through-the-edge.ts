import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.ts';
import type { ApiResult, Middleware } from './middlewares.ts';

/** The header CloudFront adds to every request it sends to API Gateway (the stack's origin). */
export const EDGE_ORIGIN_HEADER = 'x-soquy-edge';

/**
 * A request that reached API Gateway's own address (execute-api) instead of the public one:
 * it skipped CloudFront and its WAF.
 */
export class UsePublicUrlError extends HttpError {
  /** The same, for readers who did not ask for English. */
  readonly vietnamese: string;

  constructor(publicUrl: string) {
    super(403, 'use_public_url', `Call ${publicUrl} instead; this address is not public.`);
    this.vietnamese = `Hãy gọi ${publicUrl}; địa chỉ này không dành cho công chúng.`;
  }
}

/** Both values hashed first: equal-length buffers, so the comparison takes the same time. */
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Refuses a request without CloudFront's secret origin header when the stack configured one
 * (EDGE_ORIGIN_KEY): HTTP APIs take neither a resource policy nor a WAF, so this is how API
 * Gateway's own address stops serving. First in every stack, and it answers at once (403
 * `use_public_url`, JSON, pages too): nothing else runs, no auth, no body, no business call, no
 * log line (API Gateway's access log still records the 403). Without EDGE_ORIGIN_KEY (the local
 * stack, tests) it does nothing. Ours: no middy middleware checks an origin secret.
 */
export function throughTheEdge(): Middleware {
  return {
    before: (request): ApiResult | undefined => {
      const key = process.env.EDGE_ORIGIN_KEY;
      if (!key) return undefined;
      const sent = request.event.headers?.[EDGE_ORIGIN_HEADER];
      if (sent && timingSafeEqual(digest(sent), digest(key))) return undefined;
      const publicUrl = process.env.PUBLIC_BASE_URL?.replace(/\/+$/, '') || 'the PublicUrl address';
      const refused = new UsePublicUrlError(publicUrl);
      const english = request.event.queryStringParameters?.lang === 'en';
      return {
        statusCode: refused.status,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
        body: JSON.stringify({
          code: refused.code,
          message: english ? refused.message : refused.vietnamese,
        }),
      };
    },
  };
}

import type { RouteSpec } from '../../functions/routes.ts';

/**
 * The CloudFront path pattern of an API route: each `{param}` (or greedy `{param+}`) becomes `*`,
 * which in CloudFront matches any characters, slashes included.
 */
export function cloudFrontPattern(path: string): string {
  return path.replace(/\{\w+\+?\}/g, '*');
}

/** Whether CloudFront would send `path` to the behaviour with this pattern (`*` any, `?` one). */
export function matchesPattern(pattern: string, path: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(path);
}

/**
 * Paths CloudFront never caches: the console (a session cookie, CSRF tokens) and every staff
 * GET route (behind the JWT authorizer). Their own behaviours use CachingDisabled, so each
 * request reaches API Gateway with the viewer's Authorization header and cookies as they came.
 * Staff POSTs need none: CloudFront caches no POST, and the public cache key includes
 * Authorization, so a token is forwarded on every behaviour of the API.
 */
export function uncachedPathPatterns(routes: readonly RouteSpec[]): string[] {
  const staffReads = routes
    .filter((route) => route.auth && route.method !== 'POST')
    .map((route) => cloudFrontPattern(route.path));
  return [...new Set(['/console', '/console/*', ...staffReads])];
}

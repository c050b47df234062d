import { headLikeGet } from '@soquy/http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

// biome-ignore lint/suspicious/noExplicitAny: each route's handler has its own event type.
type RouteHandler = (event: any, context: Context) => Promise<unknown>;

/**
 * A function that serves several routes: API Gateway names the route it matched in `routeKey`
 * ("POST /funds/{fundId}/pledges"), and each route keeps its own middleware stack. Ours, not
 * middy's http-router: that one matches method and path again, which API Gateway already did,
 * and needs every HEAD route listed beside its GET; a lookup by `routeKey` is all this takes.
 */
export function byRoute(routes: Record<string, RouteHandler>) {
  // "HEAD /x" finds the handler of "GET /x", which answers it without the body.
  return headLikeGet(async (event: APIGatewayProxyEventV2, context: Context) => {
    const handler = routes[event.routeKey];
    if (!handler) {
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ code: 'not_found', message: `No route ${event.routeKey}.` }),
      };
    }
    return handler(event, context);
  });
}

import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

// biome-ignore lint/suspicious/noExplicitAny: wraps handlers of every event and result type.
type Handler<E extends APIGatewayProxyEventV2 = any, R = any> = (
  event: E,
  context: Context,
) => Promise<R>;

/** The request's method as API Gateway passes it (payload format 2.0). */
export const methodOf = (event: APIGatewayProxyEventV2): string =>
  event.requestContext?.http?.method ?? 'GET';

/**
 * `HEAD /x` answered as `GET /x` would be, without the body (RFC 9110 §9.3.2): API Gateway
 * routes HEAD on its own route ("HEAD /x"), so the handler is called as for "GET /x", and only
 * the body is dropped. `content-length` keeps the length the GET body has, so a client can
 * learn a page's or an export's size without downloading it. Routes declared as ANY (the
 * console) see GET too, so they need no case of their own.
 */
export function headLikeGet<E extends APIGatewayProxyEventV2, R>(
  handler: Handler<E, R>,
): Handler<E, R> {
  return async (event, context) => {
    if (methodOf(event) !== 'HEAD') return handler(event, context);
    const asGet = {
      ...event,
      routeKey: event.routeKey?.replace(/^HEAD /, 'GET '),
      requestContext: {
        ...event.requestContext,
        routeKey: event.requestContext?.routeKey?.replace(/^HEAD /, 'GET '),
        http: { ...event.requestContext?.http, method: 'GET' },
      },
    } as E;
    return withoutBody(await handler(asGet, context));
  };
}

/** The same answer, its body replaced by the length it had. */
export function withoutBody<R>(result: R): R {
  if (result === undefined || result === null) return result;
  if (typeof result === 'string') {
    // A bare string is sent as a JSON body with status 200 (payload format 2.0).
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(result)),
      },
      body: '',
    } as R;
  }
  const answer = result as Exclude<APIGatewayProxyResultV2, string>;
  if (answer.statusCode === undefined) return result;
  const body = answer.body ?? '';
  const length = answer.isBase64Encoded
    ? Buffer.from(body, 'base64').length
    : Buffer.byteLength(body);
  return {
    ...answer,
    headers: { ...answer.headers, 'content-length': String(length) },
    body: '',
    isBase64Encoded: false,
  } as R;
}

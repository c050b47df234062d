import type * as Http from 'node:http';

/**
 * node:http for bundled code, without its ESM facade. Importing `node:http` from ESM builds a
 * facade of every export, which reads `WebSocket` and so loads undici: 50-60 ms of CPU at every
 * cold start, for @middy/util's `STATUS_CODES` alone (`npm run bench -- cold-start`). The split
 * bundle aliases `node:http` to this module (infra/lib/bundling.ts); process.getBuiltinModule
 * hands over the CommonJS module, whose undici getters stay unread. An import of an export
 * missing here fails the bundling, not the function.
 */
const http = process.getBuiltinModule('node:http') as typeof Http;

export default http;
export const {
  _connectionListener,
  Agent,
  ClientRequest,
  createServer,
  get,
  globalAgent,
  IncomingMessage,
  maxHeaderSize,
  METHODS,
  OutgoingMessage,
  request,
  Server,
  ServerResponse,
  setMaxIdleHTTPParsers,
  STATUS_CODES,
  validateHeaderName,
  validateHeaderValue,
} = http as typeof Http & { _connectionListener: unknown };

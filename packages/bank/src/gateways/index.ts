/**
 * Gateway notifications (SePay, Casso webhook v2) turned into the core's IncomingBankLine:
 * authentication (an API key, an HMAC signature), strict parsing of the fields soquy reads, and
 * the demo notifications `npm run bank` sends.
 */
export {
  CASSO_TIMESTAMP_TOLERANCE_MS,
  type CassoCheck,
  cassoNotificationSchema,
  cassoRoutingAccounts,
  cassoSignature,
  cassoTransactionSchema,
  checkCassoSignature,
  parseCassoNotification,
} from './casso.ts';
export { InvalidNotificationError, type NotificationProblem } from './common.ts';
export {
  bankMemo,
  cassoNotificationFor,
  type DemoTransfer,
  freshBankReference,
  type GatewayDelivery,
  parseDongAmount,
  sepayNotificationFor,
} from './samples.ts';
export {
  parseSepayNotification,
  sepayAuthorized,
  sepayNotificationSchema,
  sepayRoutingAccounts,
} from './sepay.ts';

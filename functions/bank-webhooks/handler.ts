import {
  checkCassoSignature,
  parseCassoNotification,
  parseSepayNotification,
  sepayAuthorized,
  sepayRoutingAccounts,
} from '@soquy/bank';
import { countedDelivery, HttpError, json } from '@soquy/http';
import {
  type Actor,
  type IncomingBankLine,
  type NotificationReceipt,
  receiveBankNotification,
  receiveBankNotificationAccess,
} from '@soquy/ledger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { gatewayKeys } from '../shared/bank-runtime.ts';
import { byRoute } from '../shared/by-route.ts';
import { startFunction, withAppends } from '../shared/runtime.ts';

const runtime = startFunction(['bankGateways']);
const keys = gatewayKeys(runtime);
/** Only once its key or signature is checked is the caller the bank. */
const BANK: Actor = { kind: 'processor', name: 'bank' };

const rawBody = (event: APIGatewayProxyEventV2) =>
  event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new HttpError(400, 'invalid_notification', 'The body is not JSON.', undefined, {
      cause: error,
    });
  }
}

const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);

/**
 * A notification seen before: the same line from the other gateway or a statement (`duplicate`),
 * or the gateway's retry of this delivery (answered as the first time, but writing nothing).
 */
const outcomeOf = (booked: { value: NotificationReceipt; written: number; replayed: number }) =>
  booked.value.outcome === 'duplicate' || (booked.replayed > 0 && booked.written === 0)
    ? 'duplicate'
    : 'accepted';

async function receive(notification: {
  line: IncomingBankLine;
  deliveryId: string;
  routingAccounts?: string[];
}) {
  return receiveBankNotification(runtime.deps, notification, BANK);
}

/**
 * POST /webhooks/sepay: `Authorization: Apikey <key>`. Every authenticated notification is
 * answered 200 `{"success": true}` (SePay retries anything else), whether it was booked, sent
 * to the review queue, already seen, or for an account no fund owns.
 */
const sepay = runtime
  .api({ name: 'sepay-webhook', operation: receiveBankNotificationAccess })
  .handler(async (event) => {
    const { value: receipt } = await countedDelivery(
      'sepay',
      async () => {
        const { sepayApiKey } = await keys();
        if (!sepayApiKey || !sepayAuthorized(event.headers.authorization, sepayApiKey)) {
          throw unauthorized('Send the API key SePay was given: "Authorization: Apikey <key>".');
        }
        const body = parseJson(rawBody(event));
        const { line, deliveryId } = parseSepayNotification(body);
        return withAppends(() =>
          receive({ line, deliveryId, routingAccounts: sepayRoutingAccounts(body) }),
        );
      },
      outcomeOf,
    );
    return json(200, { success: true, ...receipt });
  });

/** POST /webhooks/casso (v2): `X-Casso-Signature: t=…,v1=HMAC-SHA512` over the sorted body. */
const casso = runtime
  .api({ name: 'casso-webhook', operation: receiveBankNotificationAccess })
  .handler(async (event) => {
    const { value: receipt } = await countedDelivery(
      'casso',
      async () => {
        const { cassoChecksumKey } = await keys();
        if (!cassoChecksumKey) throw unauthorized('Casso is not connected to this deployment.');
        const raw = rawBody(event);
        const check = checkCassoSignature(
          raw,
          event.headers['x-casso-signature'],
          cassoChecksumKey,
          runtime.deps.clock(),
        );
        if (!check.ok) {
          throw unauthorized(
            {
              missing: 'The X-Casso-Signature header is missing.',
              malformed: 'The X-Casso-Signature header is not "t=<ms>,v1=<hex>".',
              stale: 'The notification is too old (or its clock too far off): refused as a replay.',
              mismatch: 'The signature does not match this body with the configured checksum key.',
            }[check.reason],
          );
        }
        const notification = parseCassoNotification(parseJson(raw));
        return withAppends(() => receive(notification));
      },
      outcomeOf,
    );
    return json(200, { success: true, ...receipt });
  });

/** Bank gateways' notifications: each route checks its gateway's own authentication. */
export const handler = byRoute({
  'POST /webhooks/sepay': sepay,
  'POST /webhooks/casso': casso,
});

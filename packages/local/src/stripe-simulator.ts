// biome-ignore-all lint/suspicious/noExplicitAny: Stripe objects on the wire, built and read loosely by this test double.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Stripe from 'stripe';

/**
 * A stand-in for the parts of Stripe soquy uses, on loopback, speaking Stripe's wire format:
 * form-encoded requests, JSON objects, Idempotency-Key, `expand[]`. Its checkout page "pays" and
 * sends a `checkout.session.completed` webhook signed exactly as Stripe signs them.
 * Used by `npm start` when no STRIPE_SECRET_KEY is set, and by the tests.
 */
export interface StripeSimulatorOptions {
  webhookUrl: string;
  webhookSecret: string;
  /** Stripe's fee in thousandths of the amount (default 34 = 3.4 %). */
  feePerMille?: number;
  port?: number;
}

export interface StripeSimulator {
  /** Base URL for the SDK (STRIPE_API_BASE). */
  url: string;
  stop(): Promise<void>;
  /** Pays a session as the checkout page does; resolves with the webhook's HTTP status. */
  pay(sessionId: string): Promise<number>;
  /** Refunds (part of) a payment and sends `charge.refunded`; resolves with the webhook's status. */
  refund(paymentIntentId: string, amount?: number): Promise<number>;
  /** Every event sent, in order. */
  events: Stripe.Event[];
  sessions: Map<string, Record<string, any>>;
}

const id = (prefix: string) => `${prefix}_sim${randomBytes(10).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** Parses Stripe's form encoding: `a[b][0][c]=x` into nested objects and arrays. */
export function parseStripeForm(body: string): Record<string, any> {
  const root: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: any = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1] as string);
      if (last) node[part] = value;
      else node = node[part] ??= nextIsIndex ? [] : {};
    });
  }
  return root;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
  res.end(JSON.stringify(body));
}

const notFound = (res: ServerResponse, what: string) =>
  json(res, 404, {
    error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` },
  });

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startStripeSimulator(
  options: StripeSimulatorOptions,
): Promise<StripeSimulator> {
  const signer = new Stripe('sk_test_simulator');
  const sessions = new Map<string, Record<string, any>>();
  const intents = new Map<string, Record<string, any>>();
  const charges = new Map<string, Record<string, any>>();
  const idempotent = new Map<string, { body: string; value: unknown }>();
  const events: Stripe.Event[] = [];
  const feePerMille = options.feePerMille ?? 34;
  let base = '';

  const send = async (type: string, object: Record<string, any>) => {
    const event = {
      id: id('evt'),
      object: 'event',
      api_version: '2025-01-01',
      created: now(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object },
    } as unknown as Stripe.Event;
    events.push(event);
    const payload = JSON.stringify(event, null, 2);
    const signature = signer.webhooks.generateTestHeaderString({
      payload,
      secret: options.webhookSecret,
    });
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    await response.text();
    return response.status;
  };

  const pay = async (sessionId: string) => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`No such checkout session ${sessionId}`);
    if (session.payment_status === 'paid') return send('checkout.session.completed', session);
    const amount = session.amount_total as number;
    const fee = Math.floor((amount * feePerMille) / 1000);
    const intentId = id('pi');
    const charge = {
      id: id('ch'),
      object: 'charge',
      amount,
      amount_refunded: 0,
      currency: 'vnd',
      payment_intent: intentId,
      metadata: session.payment_intent_data?.metadata ?? session.metadata,
      refunded: false,
      balance_transaction: {
        id: id('txn'),
        object: 'balance_transaction',
        amount,
        fee,
        net: amount - fee,
        currency: 'vnd',
      },
    };
    charges.set(charge.id, charge);
    intents.set(intentId, {
      id: intentId,
      object: 'payment_intent',
      amount,
      currency: 'vnd',
      status: 'succeeded',
      latest_charge: charge.id,
      metadata: charge.metadata,
    });
    Object.assign(session, {
      payment_status: 'paid',
      status: 'complete',
      payment_intent: intentId,
    });
    return send('checkout.session.completed', session);
  };

  const refund = async (paymentIntentId: string, amount?: number) => {
    const intent = intents.get(paymentIntentId);
    if (!intent) throw new Error(`No such payment intent ${paymentIntentId}`);
    const charge = charges.get(intent.latest_charge) as Record<string, any>;
    charge.amount_refunded = Math.min(
      charge.amount,
      charge.amount_refunded + (amount ?? charge.amount),
    );
    charge.refunded = charge.amount_refunded === charge.amount;
    const { balance_transaction, ...event } = charge;
    return send('charge.refunded', { ...event, balance_transaction: balance_transaction.id });
  };

  const createSession = (params: Record<string, any>) => {
    const item = params.line_items?.[0];
    const session = {
      id: id('cs_test'),
      object: 'checkout.session',
      mode: params.mode,
      currency: params.currency ?? item?.price_data?.currency,
      amount_total: Number(item?.price_data?.unit_amount) * Number(item?.quantity ?? 1),
      client_reference_id: params.client_reference_id ?? null,
      metadata: params.metadata ?? {},
      payment_intent_data: params.payment_intent_data ?? {},
      payment_status: 'unpaid',
      status: 'open',
      payment_intent: null,
      success_url: params.success_url,
      cancel_url: params.cancel_url,
      created: now(),
      livemode: false,
      url: '',
      product_name: item?.price_data?.product_data?.name ?? '',
    };
    session.url = `${base}/checkout/${session.id}`;
    sessions.set(session.id, session);
    return session;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    if (url.pathname.startsWith('/v1/') && !/^Bearer sk_/.test(req.headers.authorization ?? '')) {
      return json(res, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
    }
    const key = req.headers['idempotency-key'];
    const remember = (value: unknown) => {
      if (typeof key === 'string') idempotent.set(`${url.pathname}:${key}`, { body, value });
      return value;
    };
    const seen = typeof key === 'string' ? idempotent.get(`${url.pathname}:${key}`) : undefined;
    if (req.method === 'POST' && seen) {
      // As Stripe does: a key replays its first answer, and only for the very same request.
      if (seen.body !== body) {
        return json(res, 400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        });
      }
      return json(res, 200, seen.value);
    }
    const match = (pattern: RegExp) => pattern.exec(url.pathname)?.[1];
    const sessionPath = match(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    const intentPath = match(/^\/v1\/payment_intents\/([^/]+)$/);
    const checkoutPage = match(/^\/checkout\/([^/]+)$/);
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const params = parseStripeForm(body);
      if (
        params.currency !== 'vnd' ||
        !(Number(params.line_items?.[0]?.price_data?.unit_amount) > 0)
      ) {
        return json(res, 400, {
          error: { type: 'invalid_request_error', message: 'Invalid currency or amount' },
        });
      }
      if (Number(params.line_items[0].price_data.unit_amount) > 99_999_999) {
        return json(res, 400, {
          error: {
            type: 'invalid_request_error',
            code: 'amount_too_large',
            message: 'Amount must be no more than ₫99,999,999',
          },
        });
      }
      return json(res, 200, remember(createSession(params)));
    }
    if (req.method === 'GET' && sessionPath) {
      const session = sessions.get(sessionPath);
      return session ? json(res, 200, session) : notFound(res, 'checkout session');
    }
    if (req.method === 'GET' && intentPath) {
      const intent = intents.get(intentPath);
      if (!intent) return notFound(res, 'payment_intent');
      const expand = [...url.searchParams.entries()]
        .filter(([k]) => k.startsWith('expand'))
        .map(([, v]) => v);
      const charge = charges.get(intent.latest_charge) as Record<string, any>;
      const expanded = expand.includes('latest_charge.balance_transaction')
        ? charge
        : expand.includes('latest_charge')
          ? { ...charge, balance_transaction: charge.balance_transaction.id }
          : charge.id;
      return json(res, 200, { ...intent, latest_charge: expanded });
    }
    if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      const params = parseStripeForm(body);
      await refund(params.payment_intent, params.amount ? Number(params.amount) : undefined);
      return json(
        res,
        200,
        remember({
          id: id('re'),
          object: 'refund',
          payment_intent: params.payment_intent,
          status: 'succeeded',
        }),
      );
    }
    if (checkoutPage) {
      const session = sessions.get(checkoutPage);
      if (!session) return notFound(res, 'checkout session');
      if (req.method === 'POST') {
        await pay(session.id);
        res.writeHead(303, { location: session.success_url });
        return res.end();
      }
      const amount = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' }).format(
        session.amount_total,
      );
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Thanh toán thẻ (giả lập)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.7rem 1.4rem}</style></head>
<body><h1>Thanh toán thẻ (giả lập)</h1><p>Đây là trang Stripe giả lập của môi trường chạy thử: không có tiền thật nào được trừ.</p>
<p>${escapeHtml(session.product_name)}</p><p>Số tiền: <strong id="amount">${amount}</strong></p>
<form method="post"><button type="submit">Thanh toán</button></form><p><a id="cancel" href="${escapeHtml(session.cancel_url)}">Hủy, quay lại</a></p></body></html>`);
    }
    return notFound(res, 'route');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent)
        json(res, 500, { error: { type: 'api_error', message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: base,
    events,
    sessions,
    pay,
    refund,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import type { startTestApi } from '../support/local-api.ts';

/**
 * Small HTTP helpers shared by the behaviour tests. They only speak HTTP to the local API (no
 * imports from packages/ or functions/), so the tests keep holding while the code moves.
 */
export type TestApi = Awaited<ReturnType<typeof startTestApi>>;

export const idem = () => ({ 'idempotency-key': randomUUID() });

/** Opens a fund shaped like the Pú Trạng fixture (categories `cameras` and `installation`). */
export async function openFund(api: TestApi, id: string, name = `Quỹ thử nghiệm ${id}`) {
  const admin = await api.token(['admin'], 'admin');
  const res = await api.call('POST', '/funds', { body: puTrangInput({ id, name }), token: admin });
  expect(res.status).toBe(201);
  return res.json;
}

/** Every public journal entry of a fund, page by page. */
export async function journalOf(api: TestApi, fundId: string): Promise<any[]> {
  const entries: any[] = [];
  let after = 0;
  for (;;) {
    const res = await api.call('GET', `/funds/${fundId}/ledger?after=${after}&limit=1000`);
    expect(res.status).toBe(200);
    entries.push(...res.json.entries);
    if (res.json.next === null || res.json.next === undefined) return entries;
    after = res.json.next;
  }
}

/** A gift recorded by a treasurer (no pledge). */
export async function gift(
  api: TestApi,
  fundId: string,
  token: string,
  body: {
    donor: { name: string; kind: string; showName: boolean };
    amount: number;
    receivedAt: string;
    method?: 'cash' | 'transfer';
  },
) {
  const res = await api.call('POST', `/funds/${fundId}/payments`, {
    token,
    headers: idem(),
    body: { method: 'transfer', ...body },
  });
  expect(res.status).toBe(201);
  return res.json;
}

/** A public pledge through the API; answers the 201 body (pledgeId, reference, manageToken…). */
export async function pledge(
  api: TestApi,
  fundId: string,
  body: {
    donor: { name: string; kind: string; showName: boolean };
    amount: number;
    method?: 'cash' | 'transfer' | 'card';
    message?: string;
  },
) {
  const res = await api.call('POST', `/funds/${fundId}/pledges`, {
    headers: idem(),
    body: { method: 'transfer', ...body },
  });
  expect(res.status).toBe(201);
  return res.json;
}

/** Money received on a pledge, recorded by a treasurer. */
export async function payPledge(
  api: TestApi,
  fundId: string,
  token: string,
  body: { pledgeId: string; amount: number; receivedAt: string; method?: 'cash' | 'transfer' },
) {
  const res = await api.call('POST', `/funds/${fundId}/payments`, {
    token,
    headers: idem(),
    body: { method: 'transfer', ...body },
  });
  expect(res.status).toBe(201);
  return res.json;
}

export interface SpendingInput {
  amount: number;
  category: string;
  payee: { name: string; kind: 'business' | 'organisation' | 'individual' };
  purpose: string;
  paidAt: string;
  method?: 'cash' | 'transfer';
  evidence?: string[];
}

/** Records a disbursement (pending approval) with a treasurer's token; answers the raw response. */
export function recordSpending(api: TestApi, fundId: string, token: string, body: SpendingInput) {
  return api.call('POST', `/funds/${fundId}/disbursements`, {
    token,
    headers: idem(),
    body: { method: 'transfer', evidence: [], ...body },
  });
}

/** Records a disbursement with one officer and approves it with another; answers the entry. */
export async function spendApproved(
  api: TestApi,
  fundId: string,
  treasurer: string,
  approver: string,
  body: SpendingInput,
) {
  const recorded = await recordSpending(api, fundId, treasurer, body);
  expect(recorded.status).toBe(201);
  const approved = await api.call('POST', `/disbursements/${recorded.json.id}/approve`, {
    token: approver,
  });
  expect(approved.status).toBe(201);
  return approved.json.entry;
}

/** The ids of a fund's disbursements in one status, as its staff see them. */
export async function disbursementIds(
  api: TestApi,
  fundId: string,
  token: string,
  status: 'pending_approval' | 'approved' | 'rejected' | 'reversed',
): Promise<string[]> {
  const res = await api.call('GET', `/funds/${fundId}/disbursements?status=${status}`, { token });
  expect(res.status).toBe(200);
  return res.json.disbursements.map((d: any) => d.id);
}

/** The month (YYYY-MM) of an instant in Vietnam time, UTC+7 all year. */
export function vietnamMonth(instant: string | number | Date): string {
  return new Date(new Date(instant).getTime() + 7 * 3600_000).toISOString().slice(0, 7);
}

/** The console, as a browser without JavaScript uses it: cookies by hand, no redirects followed. */
export function consoleClient(api: TestApi) {
  const send = async (
    method: 'GET' | 'POST',
    path: string,
    options: { cookie?: string; form?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${api.stack.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      setCookies: response.headers.getSetCookie(),
      text: await response.text(),
    };
  };
  return {
    send,
    /** Signs in with a dev token; answers the `soquy_session` cookie to send back. */
    async signIn(token: string): Promise<string> {
      const res = await send('POST', '/console/sign-in', { form: { token } });
      expect(res.status).toBe(303);
      const cookie = res.setCookies.find((c) => c.startsWith('soquy_session='));
      expect(cookie).toBeDefined();
      return (cookie as string).split(';')[0] as string;
    },
    /** The hidden CSRF field of the first form on a console page. */
    async csrfOn(cookie: string, path: string): Promise<string> {
      const res = await send('GET', path, { cookie });
      expect(res.status).toBe(200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(res.text)?.[1];
      expect(csrf).toBeDefined();
      return csrf as string;
    },
  };
}

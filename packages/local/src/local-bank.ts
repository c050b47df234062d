import type { LedgerStore } from '@soquy/ledger';
import type { LocalAnswer } from './api-gateway.ts';

const answer = (status: number, body: unknown): LocalAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

/**
 * GET /_local/bank-account?reference=… (local stack only): the fund and bank account a pledge
 * reference belongs to, so `npm run bank -- pay <reference> <amount>` can send the notification
 * a bank gateway would send for that account.
 */
export async function bankAccountOfReference(
  store: LedgerStore,
  reference: string,
): Promise<LocalAnswer> {
  const wanted = reference.trim().toUpperCase();
  if (!/^[A-Z0-9]{4,12}$/.test(wanted)) {
    return answer(400, {
      code: 'invalid_reference',
      message: `"${reference}" is not a pledge reference.`,
    });
  }
  for (const { fund } of await store.listFunds()) {
    if (await store.pledges.idByReference(fund.id, wanted)) {
      return answer(200, { fundId: fund.id, accountNumber: fund.bankAccount.accountNumber });
    }
  }
  return answer(404, {
    code: 'pledge_not_found',
    message: `No fund has a pledge with reference ${wanted}.`,
  });
}

import { api, json, publicBaseUrl } from '@soquy/http';
import { getFund } from '@soquy/ledger';
import { submitPledge } from '../shared/pledge-flow.ts';
import { ledgerDeps } from '../shared/runtime.ts';
import { fundPath, pledgeBody } from '../shared/schemas.ts';

/** POST /funds/{fundId}/pledges (public, Idempotency-Key): a pledge and how to pay it. */
export const handler = api({
  name: 'create-pledge',
  idempotent: true,
  input: { path: fundPath, body: pledgeBody },
}).handler(async (event) => {
  const fund = await getFund(ledgerDeps(), event.input.path.fundId);
  const { receipt, manageUrl, transfer, checkoutUrl } = await submitPledge(
    fund,
    event.input.body,
    event.headers['idempotency-key'] as string,
    publicBaseUrl(event),
  );
  const { replayed, ...pledge } = receipt;
  return json(replayed ? 200 : 201, {
    ...pledge,
    manageUrl,
    ...(transfer ? { transfer } : {}),
    ...(checkoutUrl ? { checkoutUrl } : {}),
  });
});

import { json, publicBaseUrl } from '@soquy/http';
import { fundPath, getFund, makePledgeAccess, pledgeInput } from '@soquy/ledger';
import { submitPledge } from '../shared/pledge-flow.ts';
import { runtime, stripe } from './runtime.ts';

/** POST /funds/{fundId}/pledges (public, Idempotency-Key): a pledge and how to pay it. */
export const handler = runtime
  .api({
    name: 'create-pledge',
    operation: makePledgeAccess,
    idempotent: true,
    input: { path: fundPath, body: pledgeInput },
  })
  .handler(async (event) => {
    const fund = await getFund(runtime.deps, event.input.path.fundId);
    const { receipt, manageUrl, transfer, checkoutUrl } = await submitPledge(
      runtime.deps,
      stripe,
      {
        fund,
        input: event.input.body,
        actor: event.actor,
        idempotencyKey: event.headers['idempotency-key'] as string,
      },
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

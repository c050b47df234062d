import { json, publicBaseUrl } from '@soquy/http';
import { fundPath, getFund, makePledgeAccess, pledgeInput, readFundSettings } from '@soquy/ledger';
import { submitPledge } from '../shared/pledge-flow.ts';
import { qrPngUrl } from './pledge-page.ts';
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
    // Whom a cash donor pays, where and when (the fund's settings), when the fund said so.
    const cashContact =
      pledge.method === 'cash'
        ? (await readFundSettings(runtime.deps, fund.id)).cashContact
        : undefined;
    return json(replayed ? 200 : 201, {
      ...pledge,
      manageUrl,
      ...(transfer
        ? {
            transfer: {
              ...transfer,
              qrPngUrl: `${publicBaseUrl(event)}${qrPngUrl(pledge.pledgeId, pledge.manageToken)}`,
            },
          }
        : {}),
      ...(checkoutUrl ? { checkoutUrl } : {}),
      ...(cashContact ? { cashContact } : {}),
    });
  });

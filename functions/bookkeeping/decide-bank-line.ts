import { json } from '@soquy/http';
import {
  bankLineDecisionInput,
  bankLinePath,
  decideBankLine,
  decideBankLineAccess,
} from '@soquy/ledger';
import { runtime } from './runtime.ts';

/** POST /funds/{fundId}/bank-lines/{lineId}/decision (treasurer): what a waiting line is. */
export const handler = runtime
  .api({
    name: 'decide-bank-line',
    operation: decideBankLineAccess,
    input: { path: bankLinePath, body: bankLineDecisionInput },
  })
  .handler(async (event) => {
    const { fundId, lineId } = event.input.path;
    const { replayed, ...decision } = await decideBankLine(
      runtime.deps,
      fundId,
      decodeURIComponent(lineId),
      event.input.body,
      event.actor,
    );
    return json(replayed ? 200 : 201, decision);
  });

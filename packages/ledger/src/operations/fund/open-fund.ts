import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { InvalidFundError } from '../../errors.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { Fund } from '../../primitives/fund.ts';
import { openFundAccess } from './access.ts';
import type { FundInput } from './input.ts';
import { type FundView, viewOf } from './read-fund.ts';

/** The decision: a fund whose settings agree with each other, or the reasons they do not. */
export function decideFund(input: FundInput, actor: Actor, at: Date): Fund {
  assertAllowed(openFundAccess, actor, {});
  const problems: Record<string, string> = {};
  if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) {
    problems.closesAt = 'The receiving window must close after it opens.';
  }
  const ids = input.categories.map((c) => c.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0) problems.categories = `Category ids repeat: ${repeated.join(', ')}.`;
  if (Object.keys(problems).length > 0) {
    throw new InvalidFundError(Object.values(problems).join(' '), problems);
  }
  return { ...input, createdAt: at.toISOString(), createdBy: actorName(actor) };
}

/** An administrator opens a fund with an empty journal. */
export async function openFund(
  deps: Pick<LedgerDeps, 'store' | 'clock'>,
  input: FundInput,
  actor: Actor,
): Promise<FundView> {
  return viewOf(await deps.store.createFund(decideFund(input, actor, deps.clock())));
}

import {
  assertAllowed,
  hasRole,
  isAllowed,
  listFunds,
  listUnroutedAccess,
  manageWitnessesAccess,
  openConsoleAccess,
} from '@soquy/ledger';
import { consoleHome, ct } from '@soquy/web';
import { type SignedInPage, show } from '../context.ts';

/** GET /console: the funds this staff member works on, with their roles. */
export const consoleHomePage: SignedInPage = async (context) => {
  assertAllowed(openConsoleAccess, context.event.actor, {});
  const { principal } = context.session;
  const funds = await listFunds(context.deps);
  const mine = funds
    .map((fund) => ({
      fund,
      roles: (['treasurer', 'approver'] as const).filter((r) => hasRole(principal, r, fund.id)),
    }))
    .filter((f) => f.roles.length > 0);
  return show(
    context,
    200,
    ct(context.lang, 'console'),
    consoleHome(
      context.lang,
      principal.username,
      mine,
      context.session.csrf,
      isAllowed(listUnroutedAccess, context.event.actor, {}),
      isAllowed(manageWitnessesAccess, context.event.actor, {}),
    ),
  );
};

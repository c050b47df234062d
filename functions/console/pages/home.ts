import {
  assertAllowed,
  hasRole,
  isAllowed,
  listFunds,
  listUnroutedAccess,
  manageStaffAccess,
  manageWitnessesAccess,
  openConsoleAccess,
} from '@soquy/ledger';
import { consoleHome, roleTitle } from '@soquy/web';
import { type SignedInPage, show } from '../context.ts';

/**
 * GET /console: the funds this staff member works on, with their roles; an administrator sees
 * every fund, each leading to its staff page.
 */
export const consoleHomePage: SignedInPage = async (context) => {
  const { actor } = context.event;
  assertAllowed(openConsoleAccess, actor, {});
  const { principal } = context.session;
  const funds = await listFunds(context.deps);
  const mine = funds
    .map((fund) => ({
      fund,
      roles: (['treasurer', 'approver'] as const).filter((r) => hasRole(principal, r, fund.id)),
    }))
    .filter((f) => f.roles.length > 0);
  // Staff management is checked per fund; an administrator may manage every one.
  const managed = funds.filter((fund) => isAllowed(manageStaffAccess, actor, { fundId: fund.id }));
  const title = roleTitle(context.lang, principal);
  return show(
    context,
    200,
    title,
    consoleHome(
      context.lang,
      title,
      mine,
      hasRole(principal, 'admin') ? managed : undefined,
      isAllowed(listUnroutedAccess, actor, {}),
      isAllowed(manageWitnessesAccess, actor, {}),
    ),
  );
};

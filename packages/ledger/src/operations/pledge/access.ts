import type { Access } from '../../access/access.ts';

/** Anyone may pledge to a fund that is receiving. */
export const makePledgeAccess: Access = {
  operation: 'make-pledge',
  grants: [{ anyone: true }],
  fund: 'path',
};

/** A pledge's own page: only its manage link opens it (it shows the donor's contact data). */
export const readPledgeAccess: Access = {
  operation: 'read-pledge',
  grants: [{ manageToken: true }],
  fund: 'record',
};

/**
 * A pay link (sent by a treasurer through Zalo/SMS): what a pledge owes and how to transfer it,
 * read-only. The link carries its own signed token, checked by the operation (a wrong one finds
 * no pledge); it is not a manage token, so it grants nothing the manage link grants.
 */
export const readPledgeToPayAccess: Access = {
  operation: 'read-pledge-to-pay',
  grants: [{ anyone: true }],
  fund: 'none',
};

/** The donor (by the manage link) or a treasurer of the pledge's fund withdraws what is outstanding. */
export const cancelPledgeAccess: Access = {
  operation: 'cancel-pledge',
  grants: [{ manageToken: true }, { role: 'treasurer' }],
  fund: 'record',
};

import type { Access } from '../../access/access.ts';

/** The fund's treasurers see who still owes what (names and contacts: staff only). */
export const listUnpaidPledgesAccess: Access = {
  operation: 'list-unpaid-pledges',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

/** A treasurer of the pledge's fund sends its donor a reminder now. */
export const remindPledgeAccess: Access = {
  operation: 'remind-pledge',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

/**
 * Anyone holding a reminder's unsubscribe link stops the reminders of that pledge. The link
 * carries its own signed token, checked by the operation (a wrong one finds no pledge).
 */
export const unsubscribeRemindersAccess: Access = {
  operation: 'unsubscribe-reminders',
  grants: [{ anyone: true }],
  fund: 'none',
};

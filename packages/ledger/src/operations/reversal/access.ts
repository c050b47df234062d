import type { Access } from '../../access/access.ts';

/** A treasurer of the fund undoes an entry; the original stays. */
export const reverseEntryAccess: Access = {
  operation: 'reverse-entry',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

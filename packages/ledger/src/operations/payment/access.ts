import type { Access } from '../../access/access.ts';

/** A treasurer of the fund records cash or a transfer received. */
export const recordPaymentAccess: Access = {
  operation: 'record-payment',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

import type { Access } from '../../access/access.ts';

/** A treasurer of the fund uploads receipts and invoices. */
export const uploadEvidenceAccess: Access = {
  operation: 'upload-evidence',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

/** Public receipts are public; private ones are for the fund's officers. */
export const readEvidenceAccess: Access = {
  operation: 'read-evidence',
  grants: [{ anyone: true }],
  fund: 'path',
};

/** Private receipts: the fund's treasurers and approvers, in the console. */
export const readPrivateEvidenceAccess: Access = {
  operation: 'read-private-evidence',
  grants: [{ role: 'treasurer' }, { role: 'approver' }],
  fund: 'path',
};

import type { Access } from '../../access/access.ts';

/** Only an administrator sees, appoints and removes a fund's treasurers and approvers. */
export const manageStaffAccess: Access = {
  operation: 'manage-staff',
  grants: [{ role: 'admin' }],
  fund: 'path',
};

import type { Access } from '../../access/access.ts';

/** A treasurer of the fund, or an administrator, edits its cash contact and reminders. */
export const updateFundSettingsAccess: Access = {
  operation: 'update-fund-settings',
  grants: [{ role: 'treasurer' }, { role: 'admin' }],
  fund: 'path',
};

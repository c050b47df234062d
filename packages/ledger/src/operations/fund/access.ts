import type { Access } from '../../access/access.ts';

/** An administrator opens a fund. */
export const openFundAccess: Access = {
  operation: 'open-fund',
  grants: [{ role: 'admin' }],
  fund: 'none',
};

/** Funds, heads and journals are public: that is the point. */
export const readFundAccess: Access = {
  operation: 'read-fund',
  grants: [{ anyone: true }],
  fund: 'none',
};

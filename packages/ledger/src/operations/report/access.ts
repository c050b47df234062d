import type { Access } from '../../access/access.ts';

/** Reports, statements, exports and "find my donation" are public: anyone may check. */
export const readReportAccess: Access = {
  operation: 'read-report',
  grants: [{ anyone: true }],
  fund: 'path',
};

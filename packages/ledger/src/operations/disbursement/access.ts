import type { Access } from '../../access/access.ts';

/** A treasurer of the fund records spending; it waits for a second officer. */
export const recordDisbursementAccess: Access = {
  operation: 'record-disbursement',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

/** The fund's treasurers and approvers see its queue. */
export const listDisbursementsAccess: Access = {
  operation: 'list-disbursements',
  grants: [{ role: 'treasurer' }, { role: 'approver' }],
  fund: 'path',
};

/** Maker-checker: an approver of the disbursement's fund, who did not record it. */
export const approveDisbursementAccess: Access = {
  operation: 'approve-disbursement',
  grants: [{ role: 'approver' }],
  conditions: ['not-the-recorder'],
  fund: 'record',
};

export const rejectDisbursementAccess: Access = {
  operation: 'reject-disbursement',
  grants: [{ role: 'approver' }],
  conditions: ['not-the-recorder'],
  fund: 'record',
};

/** The treasurer who asked for the spending takes the request back, before anyone decided. */
export const withdrawDisbursementAccess: Access = {
  operation: 'withdraw-disbursement',
  grants: [{ role: 'treasurer' }],
  conditions: ['only-the-recorder'],
  fund: 'record',
};

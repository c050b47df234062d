import type { Access } from '../../access/access.ts';

/** A bank gateway whose key or signature the edge checked tells us of a transaction. */
export const receiveBankNotificationAccess: Access = {
  operation: 'receive-bank-notification',
  grants: [{ processor: 'bank' }],
  fund: 'record',
};

/** A treasurer of the fund uploads its bank statement. */
export const importStatementAccess: Access = {
  operation: 'import-statement',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

/** The fund's treasurers and approvers follow an import. */
export const readStatementAccess: Access = {
  operation: 'read-statement',
  grants: [{ role: 'treasurer' }, { role: 'approver' }],
  fund: 'record',
};

/** The fund's treasurers and approvers see the lines waiting for a person. */
export const listBankQueueAccess: Access = {
  operation: 'list-bank-queue',
  grants: [{ role: 'treasurer' }, { role: 'approver' }],
  fund: 'path',
};

/** A treasurer of the fund says what a waiting line is. */
export const decideBankLineAccess: Access = {
  operation: 'decide-bank-line',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

/** A treasurer of the fund records cash carried to the bank, or drawn from it. */
export const recordTransferAccess: Access = {
  operation: 'record-transfer',
  grants: [{ role: 'treasurer' }],
  fund: 'path',
};

/** Notifications for accounts no fund owns: an administrator's to sort out. */
export const listUnroutedAccess: Access = {
  operation: 'list-unrouted',
  grants: [{ role: 'admin' }],
  fund: 'none',
};

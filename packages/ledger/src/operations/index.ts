import type { Access } from '../access/access.ts';
import { readApiDescriptionAccess } from './api-description/access.ts';
import {
  decideBankLineAccess,
  importStatementAccess,
  listBankQueueAccess,
  listUnroutedAccess,
  readStatementAccess,
  receiveBankNotificationAccess,
  recordTransferAccess,
} from './bank/access.ts';
import { recordCardPaymentAccess } from './card-payment/access.ts';
import {
  approveDisbursementAccess,
  listDisbursementsAccess,
  recordDisbursementAccess,
  rejectDisbursementAccess,
  withdrawDisbursementAccess,
} from './disbursement/access.ts';
import {
  readEvidenceAccess,
  readPrivateEvidenceAccess,
  uploadEvidenceAccess,
} from './evidence/access.ts';
import { openFundAccess, readFundAccess } from './fund/access.ts';
import { updateFundSettingsAccess } from './fund-settings/access.ts';
import { cosignCheckpointAccess, manageWitnessesAccess, readLogAccess } from './log/access.ts';
import {
  listUnpaidPledgesAccess,
  remindPledgeAccess,
  unsubscribeRemindersAccess,
} from './notify/access.ts';
import { recordPaymentAccess } from './payment/access.ts';
import {
  cancelPledgeAccess,
  makePledgeAccess,
  readPledgeAccess,
  readPledgeToPayAccess,
} from './pledge/access.ts';
import { readReportAccess } from './report/access.ts';
import { reportForkAccess } from './report-fork/access.ts';
import { reverseEntryAccess } from './reversal/access.ts';
import { manageStaffAccess } from './staff/access.ts';

/** Signed-in staff open the console; each page and form then checks its own operation. */
export const openConsoleAccess: Access = {
  operation: 'open-console',
  grants: [{ staff: true }],
  fund: 'none',
};

/**
 * Every operation and who may do it, by name. Routes name an operation from this list; the
 * route-by-role test walks it as an allow-list.
 */
export const OPERATIONS = {
  'open-fund': openFundAccess,
  'read-fund': readFundAccess,
  'read-api-description': readApiDescriptionAccess,
  'update-fund-settings': updateFundSettingsAccess,
  'make-pledge': makePledgeAccess,
  'read-pledge': readPledgeAccess,
  'read-pledge-to-pay': readPledgeToPayAccess,
  'cancel-pledge': cancelPledgeAccess,
  'record-payment': recordPaymentAccess,
  'record-card-payment': recordCardPaymentAccess,
  'upload-evidence': uploadEvidenceAccess,
  'read-evidence': readEvidenceAccess,
  'read-private-evidence': readPrivateEvidenceAccess,
  'record-disbursement': recordDisbursementAccess,
  'list-disbursements': listDisbursementsAccess,
  'approve-disbursement': approveDisbursementAccess,
  'reject-disbursement': rejectDisbursementAccess,
  'withdraw-disbursement': withdrawDisbursementAccess,
  'reverse-entry': reverseEntryAccess,
  'read-report': readReportAccess,
  'open-console': openConsoleAccess,
  'receive-bank-notification': receiveBankNotificationAccess,
  'import-statement': importStatementAccess,
  'read-statement': readStatementAccess,
  'list-bank-queue': listBankQueueAccess,
  'decide-bank-line': decideBankLineAccess,
  'record-transfer': recordTransferAccess,
  'list-unrouted': listUnroutedAccess,
  'read-log': readLogAccess,
  'cosign-checkpoint': cosignCheckpointAccess,
  'manage-witnesses': manageWitnessesAccess,
  'report-fork': reportForkAccess,
  'manage-staff': manageStaffAccess,
  'list-unpaid-pledges': listUnpaidPledgesAccess,
  'remind-pledge': remindPledgeAccess,
  'unsubscribe-reminders': unsubscribeRemindersAccess,
} as const satisfies Record<string, Access>;

export type OperationName = keyof typeof OPERATIONS;

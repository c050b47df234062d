import { byRoute } from '../shared/by-route.ts';
import { handler as approveDisbursement } from './approve-disbursement.ts';
import { handler as decideBankLine } from './decide-bank-line.ts';
import { handler as recordPayment } from './record-payment.ts';
import { handler as recordTransfer } from './record-transfer.ts';
import { handler as reverseEntry } from './reverse-entry.ts';

/**
 * The staff API's journal writes: money received, spending approved, an entry reversed, a bank
 * line decided, cash carried to or from the bank.
 */
export const handler = byRoute({
  'POST /funds/{fundId}/payments': recordPayment,
  'POST /disbursements/{id}/approve': approveDisbursement,
  'POST /funds/{fundId}/reversals': reverseEntry,
  'POST /funds/{fundId}/bank-lines/{lineId}/decision': decideBankLine,
  'POST /funds/{fundId}/transfers': recordTransfer,
});

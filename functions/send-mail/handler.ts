import { logger } from '@soquy/http';
import { notifyApprovers, sendReceipts } from '@soquy/ledger';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { notifyDeps } from '../shared/mail-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['mail', 'manageLinks', 'staff']);
const deps = notifyDeps(runtime);

/** The State table's key of a disbursement record (packages/store keys: `disbursement#<id>`). */
const DISBURSEMENT_PK = /^disbursement#(.+)$/;

/**
 * Two streams run this function. The journal's (keys of new entries): each payment on a pledge
 * whose donor gave an address gets its receipt. The State table's, filtered to disbursement
 * records: a disbursement waiting for approval gets a notice to each approver. A failure
 * throws, so the stream retries the batch; the mail log (a conditional put per notice) makes
 * sure nothing that went out goes out again.
 */
export const handler = runtime.invocation('send-mail', async (event: DynamoDBStreamEvent) => {
  const seqsByFund = new Map<string, number[]>();
  const disbursements = new Set<string>();
  for (const record of event.Records) {
    const keys = record.dynamodb?.Keys;
    const fundId = keys?.fundId?.S;
    const seq = Number(keys?.seq?.N);
    if (fundId && Number.isSafeInteger(seq)) {
      seqsByFund.set(fundId, [...(seqsByFund.get(fundId) ?? []), seq]);
      continue;
    }
    const id = DISBURSEMENT_PK.exec(keys?.pk?.S ?? '')?.[1];
    if (id && keys?.sk?.S === 'disbursement') disbursements.add(id);
  }
  const sent: string[] = [];
  const skipped: string[] = [];
  for (const [fundId, seqs] of seqsByFund) {
    const result = await sendReceipts(deps, fundId, seqs);
    sent.push(...result.sent);
    skipped.push(...result.skipped);
  }
  for (const id of disbursements) {
    const result = await notifyApprovers(deps, id);
    sent.push(...result.sent);
    skipped.push(...result.skipped);
  }
  if (sent.length + skipped.length > 0) logger.info('mail sent', { sent, skipped });
  return { sent, skipped };
});

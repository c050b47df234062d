import type { Clock, IdSource, LedgerStore } from '../../ports/ledger-store.ts';
import type { Mailer, MailLog, Notice } from '../../ports/mailer.ts';
import type { StaffDirectory } from '../../ports/staff-directory.ts';

/** What sending notices runs on. */
export interface NotifyDeps {
  store: LedgerStore;
  clock: Clock;
  ids: Pick<IdSource, 'manageToken'>;
  mailer: Mailer;
  mailLog: MailLog;
  /** Where links in a message lead (the public address, no trailing slash). */
  baseUrl: string;
  /** Signs unsubscribe links: the manage-link key, under its own label (see tokens.ts). */
  unsubscribeKey: () => Promise<Uint8Array>;
  /** Approvers' addresses; without it, no approval notices. */
  staffDirectory?: StaffDirectory;
}

/** A sender that died mid-send leaves a claim; after this long another may send again. */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

/**
 * Sends a notice at most once: claims its key with a conditional put, sends, notes it sent.
 * A failed send gives the claim back, so a retry sends it. False when it went out before.
 */
export async function sendOnce(
  deps: Pick<NotifyDeps, 'mailer' | 'mailLog' | 'clock'>,
  key: string,
  notice: Notice,
): Promise<boolean> {
  if (!(await deps.mailLog.claim(key, deps.clock(), STALE_CLAIM_MS))) return false;
  try {
    await deps.mailer.send(notice);
  } catch (error) {
    await deps.mailLog.release(key);
    throw error;
  }
  await deps.mailLog.sent(key, deps.clock());
  return true;
}

export async function pledgeUrl(deps: Pick<NotifyDeps, 'ids' | 'baseUrl'>, pledgeId: string) {
  return `${deps.baseUrl}/p/${pledgeId}?t=${await deps.ids.manageToken(pledgeId)}`;
}

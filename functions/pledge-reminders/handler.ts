import { logger } from '@soquy/http';
import { sendDueReminders } from '@soquy/ledger';
import { notifyDeps } from '../shared/mail-runtime.ts';
import { startFunction } from '../shared/runtime.ts';

const runtime = startFunction(['mail', 'manageLinks']);
const deps = notifyDeps(runtime);

/**
 * Once a day (an EventBridge rule in AWS; locally a timer in `npm start` and `npm run reminders`): every
 * unpaid pledge whose reminder day is today, by its fund's settings, gets one reminder, if
 * its donor gave an address and did not unsubscribe. Run again, it sends nothing twice.
 */
export const handler = runtime.invocation(
  'pledge-reminders',
  async (event: { time?: string } = {}) => {
    // EventBridge's scheduled event says when the run was due; a run late by minutes keeps its day.
    const at =
      event.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : undefined;
    const result = await sendDueReminders(deps, at);
    logger.info('reminders sent', { ...result });
    return result;
  },
);

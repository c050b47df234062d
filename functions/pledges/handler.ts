import { byRoute } from '../shared/by-route.ts';
import { handler as cancelByDonor } from './cancel-pledge.ts';
import { handler as cardRetry } from './card-retry.ts';
import { handler as createPledge } from './create-pledge.ts';
import { handler as payPage } from './pay-page.ts';
import { handler as pledgeForm } from './pledge-form.ts';
import { handler as pledgePage } from './pledge-page.ts';
import { handler as qrPng } from './qr-png.ts';
import { handler as cancelByTreasurer } from './treasurer-cancel-pledge.ts';

/** Every route that makes or cancels a pledge, and the pages around them. */
export const handler = byRoute({
  'POST /funds/{fundId}/pledges': createPledge,
  'GET /f/{fundId}/pledge': pledgeForm,
  'POST /f/{fundId}/pledge': pledgeForm,
  'GET /p/{pledgeId}': pledgePage,
  'GET /p/{pledgeId}/cancel': pledgePage,
  'POST /p/{pledgeId}/cancel': pledgePage,
  'POST /p/{pledgeId}/card': cardRetry,
  'GET /p/{pledgeId}/qr.png': qrPng,
  'GET /p/{pledgeId}/pay': payPage,
  'POST /pledges/{pledgeId}/cancel': cancelByDonor,
  'POST /funds/{fundId}/pledges/{pledgeId}/cancel': cancelByTreasurer,
});

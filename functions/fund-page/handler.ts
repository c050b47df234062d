import { byRoute } from '../shared/by-route.ts';
import { handler as fundPage } from './fund-page.ts';
import { handler as verifyPage } from './verify-page.ts';

/** The public pages of a fund: its transparency page and the receipt verification page. */
export const handler = byRoute({
  'GET /f/{fundId}': fundPage,
  'GET /funds/{fundId}/verify': verifyPage,
});

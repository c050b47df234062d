import { byRoute } from '../shared/by-route.ts';
import { handler as disclosurePage } from './disclosure-page.ts';
import { handler as statementPage } from './statement-page.ts';

/** The printable pages of a fund: the notice-board statement and the yearly disclosure report. */
export const handler = byRoute({
  'GET /f/{fundId}/statement': statementPage,
  'GET /f/{fundId}/disclosure': disclosurePage,
});

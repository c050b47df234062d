import { byRoute } from '../shared/by-route.ts';
import { handler as fundPage } from './fund-page.ts';
import { handler as shareImage } from './share-image.ts';
import { handler as verifyPage } from './verify-page.ts';

/** The public pages of a fund: its transparency page, its share image, receipt verification. */
export const handler = byRoute({
  'GET /f/{fundId}': fundPage,
  'GET /f/{fundId}/share.png': shareImage,
  'GET /funds/{fundId}/verify': verifyPage,
});

/**
 * Cache-Control for public answers that change with the journal: browsers keep them
 * `seconds`, CloudFront (and any shared cache) `shared` seconds, so a busy appeal's pages are
 * served from the edge while a new receipt still shows within a minute.
 */
export function publicCacheControl(seconds: number, shared = seconds): string {
  return `public, max-age=${seconds}, s-maxage=${shared}`;
}

/** The same as a header, for `json(200, body, publicCache(30))`. */
export const publicCache = (seconds: number, shared = seconds) => ({
  'cache-control': publicCacheControl(seconds, shared),
});

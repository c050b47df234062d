import { api, publicBaseUrl, publicCacheControl } from '@soquy/http';
import { readApiDescriptionAccess } from '@soquy/ledger';
import { htmlPage, layout, page, pageLang, pathOf } from '@soquy/web';
import { byRoute } from '../shared/by-route.ts';
import { loadConfig } from '../shared/config.ts';

/**
 * GET /openapi.json and GET /docs/api. No table is read, so no DynamoDB client is made (the
 * usual startFunction): only the configuration the middleware stacks need.
 */
const config = loadConfig(process.env, []);

/** The description changes only with a deploy: browsers and CloudFront keep it 5 minutes. */
const CACHE_SECONDS = 300;

/**
 * The generator and every schema load on the first request, not at cold start (bench/cold-start
 * counts this function's import time), and the document is built once and kept (document.ts).
 */
const described = async (baseUrl: string) => {
  const { apiDescription } = await import('./document.ts');
  return apiDescription(baseUrl);
};

const openApiJson = api({
  name: 'api-docs',
  operation: readApiDescriptionAccess,
  logLevel: config.LOG_LEVEL,
}).handler(async (event) => ({
  statusCode: 200,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': publicCacheControl(CACHE_SECONDS),
    'access-control-allow-origin': '*',
  },
  body: (await described(publicBaseUrl(event))).json,
}));

const apiPage = page({
  name: 'api-docs',
  logLevel: config.LOG_LEVEL,
  checkoutOrigin: config.CHECKOUT_ORIGIN,
  publicCacheSeconds: CACHE_SECONDS,
}).handler(async (event) => {
  const lang = pageLang(event);
  const { document } = await described(publicBaseUrl(event));
  const { apiPageBody, apiPageIntro, apiPageTitle } = await import('./page.ts');
  return htmlPage(
    200,
    layout({
      lang,
      title: apiPageTitle(lang),
      description: apiPageIntro(lang),
      path: pathOf(event),
      body: apiPageBody(document, lang),
    }),
  );
});

export const handler = byRoute({
  'GET /openapi.json': openApiJson,
  'GET /docs/api': apiPage,
});

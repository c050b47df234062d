import { html, type Lang, type SafeHtml } from '@soquy/web';
import { ROUTES } from '../routes.ts';
import { type Auth, DESCRIBED_ROUTES, type Tag } from './described-routes.ts';
import {
  errorCodesOf,
  type OpenApiDocument,
  openApiMethods,
  openApiPath,
  routeKey,
  statusOfCode,
  TAGS,
} from './document.ts';

/**
 * /docs/api: the same description as /openapi.json, for people: routes grouped by tag, who may
 * call each, what it takes, what it answers and the error codes. Rendered from the built
 * document (parameters and body fields) and the route table, so the page and the JSON agree.
 */

const TEXT = {
  vi: {
    title: 'Mô tả API',
    intro:
      'Mọi đường dẫn của soquy: ai được gọi, cần gửi gì, trả lời gì và các mã lỗi. Lỗi luôn là JSON {code, message}; hãy dựa vào code, không dựa vào câu chữ. Tiền là số nguyên đồng.',
    machine: 'Bản cho máy đọc (OpenAPI 3.1):',
    contents: 'Mục lục',
    auth: 'Ai được gọi',
    path: 'Tham số đường dẫn',
    query: 'Tham số truy vấn',
    headers: 'Tiêu đề',
    body: 'Nội dung gửi',
    answers: 'Trả lời',
    errors: 'Mã lỗi',
    required: 'bắt buộc',
    example: 'Ví dụ',
    none: 'không có',
  },
  en: {
    title: 'API description',
    intro:
      'Every soquy route: who may call it, what it takes, what it answers and its error codes. Errors are always JSON {code, message}; switch on the code, not the words. Money is whole đồng (integers).',
    machine: 'For machines (OpenAPI 3.1):',
    contents: 'Contents',
    auth: 'Who may call',
    path: 'Path parameters',
    query: 'Query parameters',
    headers: 'Headers',
    body: 'Body',
    answers: 'Answers',
    errors: 'Error codes',
    required: 'required',
    example: 'Example',
    none: 'none',
  },
} as const;

const AUTH_TEXT: Record<Auth, { vi: string; en: string }> = {
  public: { vi: 'Mọi người, không cần đăng nhập', en: 'Anyone, no sign-in' },
  bearer: {
    vi: 'Cán bộ: Authorization: Bearer <mã truy cập Cognito>, đúng vai trò',
    en: 'Staff: Authorization: Bearer <Cognito access token>, with the right role',
  },
  session: {
    vi: 'Cán bộ đã đăng nhập: cookie soquy_session (và trường csrf trong mỗi biểu mẫu)',
    en: 'Signed-in staff: cookie soquy_session (and the csrf field in every form)',
  },
  'manage-token': {
    vi: 'Người giữ liên kết quản lý: ?t=<mã>',
    en: 'Whoever holds the manage link: ?t=<token>',
  },
  'pay-token': { vi: 'Liên kết thanh toán: ?k=<mã>', en: 'The pay link: ?k=<token>' },
  'unsubscribe-token': {
    vi: 'Liên kết huỷ nhận thư: ?t=<mã ký>',
    en: 'The unsubscribe link: ?t=<signed token>',
  },
  stripe: {
    vi: 'Stripe: tiêu đề Stripe-Signature (HMAC-SHA256, tối đa 300 giây)',
    en: 'Stripe: Stripe-Signature header (HMAC-SHA256, at most 300 s old)',
  },
  sepay: {
    vi: 'SePay: tiêu đề Authorization: Apikey <khoá>',
    en: 'SePay: Authorization: Apikey <key> header',
  },
  casso: {
    vi: 'Casso: tiêu đề X-Casso-Signature (t=…,v1=HMAC-SHA512, tối đa 5 phút)',
    en: 'Casso: X-Casso-Signature header (t=…,v1=HMAC-SHA512, within 5 minutes)',
  },
};

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: {
    content: Record<string, { schema?: SchemaLike; example?: unknown }>;
  };
}
interface SchemaLike {
  properties?: Record<string, unknown>;
  required?: string[];
  oneOf?: SchemaLike[];
  anyOf?: SchemaLike[];
}

const anchorOf = (key: string) => key.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function names(list: Parameter[], lang: Lang): SafeHtml {
  return html`${list.map(
    (p, i) =>
      html`${i > 0 ? ', ' : ''}<code>${p.name}</code>${p.required ? html` (${TEXT[lang].required})` : ''}`,
  )}`;
}

/** The body's top-level fields; a union (bank-line decisions) lists each variant's fields. */
function fieldsOf(schema: SchemaLike | undefined): Parameter[] {
  if (!schema) return [];
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    const seen = new Map<string, Parameter>();
    for (const field of variants.flatMap(fieldsOf)) seen.set(field.name, field);
    return [...seen.values()];
  }
  return Object.keys(schema.properties ?? {}).map((name) => ({
    name,
    in: 'body',
    required: schema.required?.includes(name) === true,
  }));
}

function bodyOf(operation: Operation, lang: Lang): SafeHtml | undefined {
  const content = operation.requestBody?.content;
  if (!content) return undefined;
  return html`${Object.entries(content).map(([type, media]) => {
    const fields = fieldsOf(media.schema);
    return html`<code>${type}</code>${fields.length > 0 ? html`: ${names(fields, lang)}` : ''}${
      media.example !== undefined
        ? html`<details><summary>${TEXT[lang].example}</summary><pre class="mono">${JSON.stringify(media.example, null, 2)}</pre></details>`
        : ''
    }`;
  })}`;
}

function routeSection(document: OpenApiDocument, route: (typeof ROUTES)[number], lang: Lang) {
  const key = routeKey(route);
  const described = DESCRIBED_ROUTES[key];
  if (!described) return html``;
  const text = TEXT[lang];
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const operation =
    paths[openApiPath(route.path)]?.[openApiMethods(route.method)[0] as string] ?? {};
  const parameters = operation.parameters ?? [];
  const inPart = (part: string) => parameters.filter((p) => p.in === part);
  const codes = errorCodesOf(route, described);
  const body = bodyOf(operation, lang);
  const redirect = described.success.status >= 300 && described.success.status < 400;
  return html`<section id="${anchorOf(key)}" class="card">
<h3><code>${route.method} ${route.path}</code></h3>
<p>${described.summary[lang]}</p>
<dl>
<dt>${text.auth}</dt><dd>${AUTH_TEXT[described.auth][lang]}</dd>
${inPart('path').length > 0 ? html`<dt>${text.path}</dt><dd>${names(inPart('path'), lang)}</dd>` : ''}
${inPart('query').length > 0 ? html`<dt>${text.query}</dt><dd>${names(inPart('query'), lang)}</dd>` : ''}
${inPart('header').length > 0 ? html`<dt>${text.headers}</dt><dd>${names(inPart('header'), lang)}</dd>` : ''}
${body ? html`<dt>${text.body}</dt><dd>${body}</dd>` : ''}
<dt>${text.answers}</dt><dd>${described.success.status} · <code>${redirect ? 'Location' : (described.success.type ?? 'application/json')}</code>${lang === 'en' ? html` · ${described.success.description}` : ''}</dd>
<dt>${text.errors}</dt><dd><ul>${codes
    .map((code) => ({ code, status: statusOfCode(code) }))
    .sort((a, b) => a.status - b.status || a.code.localeCompare(b.code))
    .map(({ code, status }) => html`<li>${status} <code>${code}</code></li>`)}</ul></dd>
</dl>
</section>`;
}

/** The page body for `lang`, from the built document. */
export function apiPageBody(document: OpenApiDocument, lang: Lang): SafeHtml {
  const text = TEXT[lang];
  const tags = Object.keys(TAGS) as Tag[];
  const routesOf = (tag: Tag) =>
    ROUTES.filter((route) => DESCRIBED_ROUTES[routeKey(route)]?.tag === tag);
  return html`<h1>${text.title}</h1>
<p>${text.intro}</p>
<p>${text.machine} <a href="/openapi.json">/openapi.json</a></p>
<nav aria-label="${text.contents}"><h2>${text.contents}</h2><ul>${tags
    .filter((tag) => routesOf(tag).length > 0)
    .map((tag) => html`<li><a href="#tag-${tag}">${TAGS[tag][lang]}</a></li>`)}</ul></nav>
${tags
  .filter((tag) => routesOf(tag).length > 0)
  .map(
    (tag) =>
      html`<h2 id="tag-${tag}">${TAGS[tag][lang]}</h2>${routesOf(tag).map((route) => routeSection(document, route, lang))}`,
  )}`;
}

export const apiPageTitle = (lang: Lang) => TEXT[lang].title;
export const apiPageIntro = (lang: Lang) => TEXT[lang].intro;

import type { ApiResult, Session, SessionEvent, SignInSettings } from '@soquy/http';
import type { EvidenceDeps, StatementFileDeps } from '@soquy/ledger';
import { htmlPage, type Lang, layout, pathOf } from '@soquy/web';

/** What every console page gets: the request, the signed-in session, the adapters. */
export interface ConsoleContext {
  event: SessionEvent;
  lang: Lang;
  /** The ledger's adapters, evidence files and statement files (never a statement parser). */
  deps: EvidenceDeps & StatementFileDeps;
  signIn: SignInSettings;
  /** The public origin, for links and the Cognito callback. */
  baseUrl: string;
  /** Route parameters, in the order the route's pattern captures them. */
  params: string[];
}

/** A signed-in page's context: the session middleware has checked it. */
export type SignedInContext = ConsoleContext & { session: Session };

export type ConsolePage = (context: ConsoleContext) => Promise<ApiResult>;
export type SignedInPage = (context: SignedInContext) => Promise<ApiResult>;

/** The console's HTML page around a body. */
export function show(
  context: ConsoleContext,
  status: number,
  title: string,
  body: Parameters<typeof layout>[0]['body'],
  options: { refresh?: number; headers?: Record<string, string> } = {},
): ApiResult {
  return htmlPage(
    status,
    layout({
      lang: context.lang,
      title,
      path: pathOf(context.event),
      body,
      ...(options.refresh ? { refresh: options.refresh } : {}),
    }),
    options.headers,
  );
}

/** The form fields of the request (parsed once by the middleware). */
export const fieldsOf = (context: ConsoleContext): Record<string, string> =>
  context.event.form?.fields ?? {};

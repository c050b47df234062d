import type { ApiResult, Session, SessionEvent, SignInSettings } from '@soquy/http';
import type { EvidenceDeps, StaffDeps, StatementFileDeps } from '@soquy/ledger';
import { html, htmlPage, type Lang, layout, pathOf, roleTitle, staffBar } from '@soquy/web';

/** What every console page gets: the request, the signed-in session, the adapters. */
export interface ConsoleContext {
  event: SessionEvent;
  lang: Lang;
  /** The ledger's adapters, evidence files and statement files (never a statement parser). */
  deps: EvidenceDeps & StatementFileDeps & StaffDeps;
  signIn: SignInSettings;
  /** The public origin, for links and the Cognito callback. */
  baseUrl: string;
  /** Route parameters, in the order the route's pattern captures them. */
  params: string[];
  /** The local stack's dev users, whom the dev sign-in signs in as (unset in AWS). */
  devUsersFile?: string;
}

/** A signed-in page's context: the session middleware has checked it. */
export type SignedInContext = ConsoleContext & { session: Session };

export type ConsolePage = (context: ConsoleContext) => Promise<ApiResult>;
export type SignedInPage = (context: SignedInContext) => Promise<ApiResult>;

/**
 * The console's HTML page around a body. A signed-in page also shows whom it is for (its title
 * per role: "Quản trị", "Thủ quỹ – <fund>", "Người duyệt – <fund>") and the sign-out button.
 * A fund's page passes the fund, for its name; otherwise a fund id route parameter names it.
 */
export function show(
  context: ConsoleContext,
  status: number,
  title: string,
  body: Parameters<typeof layout>[0]['body'],
  options: {
    refresh?: number;
    headers?: Record<string, string>;
    fund?: { id: string; name: string };
  } = {},
): ApiResult {
  const session = (context as Partial<SignedInContext>).session;
  const fundId = context.params[0];
  const fund = options.fund ?? (fundId ? { id: fundId } : undefined);
  const role = session ? roleTitle(context.lang, session.principal, fund) : undefined;
  return htmlPage(
    status,
    layout({
      lang: context.lang,
      title: role && role !== title ? `${role} · ${title}` : title,
      path: pathOf(context.event),
      body:
        session && role
          ? html`${staffBar(context.lang, { title: role, user: session.principal.username, csrf: session.csrf })}${body}`
          : body,
      ...(options.refresh ? { refresh: options.refresh } : {}),
    }),
    options.headers,
  );
}

/** The form fields of the request (parsed once by the middleware). */
export const fieldsOf = (context: ConsoleContext): Record<string, string> =>
  context.event.form?.fields ?? {};

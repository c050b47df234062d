import {
  type FundSettings,
  type Mailer,
  type NotifyDeps,
  type ReminderDeps,
  readFundSettings,
} from '@soquy/ledger';
import { createDocumentClient, createDynamoClient, DynamoMailLog } from '@soquy/store';
import { type Config, ConfigError, part } from './config.ts';
import { manageLinkKeyOnce } from './manage-link-key.ts';
import type { FunctionRuntime } from './runtime.ts';
import { staffDirectory } from './staff-runtime.ts';
import { traced } from './tracing.ts';

/**
 * SMTP when SMTP_URL is set (maildev locally), SES otherwise; needs the `mail` part. The mail
 * stack (nodemailer, pdfkit and its fonts) is imported on the first message, not as the function
 * starts: most console requests and most reminder runs send nothing, and loading it at start
 * doubled the console's cold start (`npm run bench -- cold-start`).
 */
export function mailerOf(config: Config): Mailer {
  const settings = part(config, 'mail');
  let mailer: Promise<Mailer> | undefined;
  const load = () => {
    mailer ??= import('@soquy/mail').then(({ createMailer, sesTransport, smtpTransport }) =>
      createMailer(
        settings.SMTP_URL ? smtpTransport(settings.SMTP_URL) : sesTransport(),
        settings.MAIL_FROM,
      ),
    );
    return mailer;
  };
  return { send: async (notice) => (await load()).send(notice) };
}

/** The mail log in the State table (what was sent, who unsubscribed). */
export function mailLogOf(config: Config): DynamoMailLog {
  const db = createDocumentClient(
    traced(
      createDynamoClient({
        region: config.AWS_REGION,
        ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
      }),
    ),
  );
  return new DynamoMailLog(db, config.STATE_TABLE);
}

/** What the unsubscribe page runs on: no mailer, only the log and the key. */
export function unsubscribeDeps(runtime: FunctionRuntime) {
  return {
    ...runtime.deps,
    mailLog: mailLogOf(runtime.config),
    unsubscribeKey: manageLinkKeyOnce(runtime.config),
  };
}

/**
 * What sending notices runs on: the ledger's store and ids, the mailer, the mail log in the
 * State table, and the manage-link key for unsubscribe links. `baseUrl` is the request's public
 * address when there is a request, PUBLIC_BASE_URL otherwise (stream, schedule). Approvers are
 * found through the staff directory when the function asked for the `staff` part.
 */
export function notifyDeps(runtime: FunctionRuntime, baseUrl?: string): ReminderDeps {
  const { config } = runtime;
  const base = baseUrl ?? part(config, 'mail').PUBLIC_BASE_URL;
  if (!base) throw new ConfigError(['mail: set PUBLIC_BASE_URL (where links in a message lead)']);
  const deps: NotifyDeps = {
    ...runtime.deps,
    mailer: mailerOf(config),
    mailLog: mailLogOf(config),
    baseUrl: base.replace(/\/+$/, ''),
    unsubscribeKey: manageLinkKeyOnce(config),
    ...(config.staff ? { staffDirectory: staffDirectory(runtime) } : {}),
  };
  return {
    ...deps,
    readSettings: (fundId: string): Promise<FundSettings> => readFundSettings(deps, fundId),
  };
}

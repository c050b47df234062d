import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import {
  DiskEvidenceStore,
  DiskExportFiles,
  DiskLogFiles,
  LOCAL_EVIDENCE_PATH,
  LOCAL_EXPORTS_PATH,
  LOCAL_STATEMENTS_PATH,
  LocalNoteSigner,
  statementFilesOf,
} from '@soquy/evidence';
import {
  idsWithManageKey,
  type LedgerDeps,
  type LogDeps,
  logVerifierKey,
  type StatementDeps,
} from '@soquy/ledger';
import {
  createDocumentClient,
  createDynamoClient,
  DynamoLedgerStore,
  ensureTables,
  type TableNames,
} from '@soquy/store';
import { ROUTES } from '../../../functions/routes.ts';
import { loadConfig } from '../../../functions/shared/config.ts';
import { bankStatementParser } from '../../../functions/shared/statement-parser.ts';
import { createLocalApi } from './api-gateway.ts';
import { loadDemoData } from './demo.ts';
import {
  claimsAsApiGatewayPasses,
  devSigningKey,
  devUsersFile,
  verifyDevToken,
} from './dev-auth.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { type ExportPublisher, startExportPublisher } from './export-publisher.ts';
import { localGatewayKeys } from './gateway-keys.ts';
import { bankAccountOfReference } from './local-bank.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';
import { type MailSender, startMailSender } from './mail-sender.ts';
import { type StatementImporter, startStatementImporter } from './statement-importer.ts';
import { type StripeSimulator, startStripeSimulator } from './stripe-simulator.ts';

/** The local webhook secret when none is set; documented in the README. Never used in AWS. */
export const LOCAL_WEBHOOK_SECRET = 'whsec_soquy_local_development_only';

/** The deployment's name in checkpoint origins and the key name, when LOG_DEPLOYMENT is unset. */
export const LOCAL_LOG_DEPLOYMENT = 'soquy.local';

export interface LocalStackOptions {
  port?: number;
  host?: string;
  /** Where DynamoDB Local keeps its files and the dev signing key lives. */
  dataDir?: string;
  /** Throwaway DynamoDB (nothing kept under dataDir). */
  inMemory?: boolean;
  /** Use an already running DynamoDB instead of starting one (tests). */
  dynamoEndpoint?: string;
  tables?: TableNames;
  demo?: boolean;
}

export interface LocalStack {
  url: string;
  dynamoEndpoint: string;
  tables: TableNames;
  deps: LedgerDeps;
  /** The transparency log's adapters: `.data/log` and the key in `.data/checkpoint-key`. */
  logDeps: LogDeps;
  /** The log's note verifier key (vkey), as GET /.well-known/soquy/checkpoint-key answers it. */
  logKey: string;
  signingKey: Uint8Array;
  demoEntries: number;
  /** Publishes the log (tiles, a signed checkpoint) and exports now, not at the next pass (tests). */
  flushExports(): Promise<void>;
  /** Resolves once every statement import queued so far has run (tests). */
  importsIdle(): Promise<void>;
  /** The keys the local bank gateways authenticate with (SEPAY_API_KEY, CASSO_CHECKSUM_KEY). */
  gatewayKeys: { sepayApiKey: string; cassoChecksumKey: string };
  /** The simulated Stripe, when no STRIPE_SECRET_KEY was given. */
  stripe?: StripeSimulator;
  /** maildev: every message the functions send, caught; `webUrl` shows them (REST: /api/email). */
  mail: { webUrl: string; smtpUrl: string };
  /** Sends what new entries and waiting disbursements call for now, not at the next pass (tests). */
  flushMail(): Promise<void>;
  /** Runs the daily pledge reminders now, as the schedule would at `at` (tests, npm run reminders). */
  runReminders(at?: Date): Promise<unknown>;
  stop(): Promise<void>;
}

export const DEFAULT_TABLES: TableNames = { journal: 'soquy-journal', state: 'soquy-state' };

/**
 * DynamoDB Local + tables + demo data + the API Gateway emulator in front of the real handlers.
 * Handlers read their configuration from the environment, exactly as in Lambda.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? '.data';
  const tables = options.tables ?? DEFAULT_TABLES;
  let dynamo: DynamoDbLocal | undefined;
  let server: Server | undefined;
  let stripe: StripeSimulator | undefined;
  let publisher: ExportPublisher | undefined;
  let importer: StatementImporter | undefined;
  let mailCatcher: MailCatcher | undefined;
  let mailSender: MailSender | undefined;
  try {
    if (!options.dynamoEndpoint) {
      dynamo = await startDynamoDbLocal(options.inMemory ? {} : { dataDir: `${dataDir}/dynamodb` });
    }
    const endpoint = options.dynamoEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: endpoint,
      JOURNAL_TABLE: tables.journal,
      STATE_TABLE: tables.state,
      AWS_REGION: process.env.AWS_REGION ?? 'ap-southeast-1',
    });
    const client = createDynamoClient({ endpoint });
    await ensureTables(client, tables);
    const manageLinkKey = localManageLinkKey(dataDir);
    const deps: LedgerDeps = {
      store: new DynamoLedgerStore(createDocumentClient(client), tables),
      clock: () => new Date(),
      ids: idsWithManageKey(async () => Buffer.from(manageLinkKey, 'hex')),
    };
    const signingKey = devSigningKey(dataDir);
    const gatewayKeys = localGatewayKeys();
    const evidenceDir = `${dataDir}/evidence`;
    const evidenceKey = randomBytes(32);
    const evidence = new DiskEvidenceStore(evidenceDir, '', evidenceKey);
    const exportsDir = `${dataDir}/exports`;
    const exportFiles = new DiskExportFiles(exportsDir, '');
    // The transparency log: tiles and checkpoints as files, served like CloudFront serves S3;
    // the checkpoint key is made on first use and kept beside the data.
    const logDir = `${dataDir}/log`;
    const checkpointKeyFile = `${dataDir}/checkpoint-key`;
    process.env.LOG_DEPLOYMENT ??= LOCAL_LOG_DEPLOYMENT;
    const logFiles = new DiskLogFiles(logDir);
    const logDeps: LogDeps = {
      ...deps,
      logFiles,
      signer: new LocalNoteSigner(process.env.LOG_DEPLOYMENT, checkpointKeyFile),
      deployment: process.env.LOG_DEPLOYMENT,
    };
    const logKey = await logVerifierKey(logDeps.signer);
    const statementsDir = `${dataDir}/statements`;
    const statementStore = new DiskEvidenceStore(
      statementsDir,
      '',
      evidenceKey,
      LOCAL_STATEMENTS_PATH,
    );
    const statementDeps: StatementDeps = {
      ...deps,
      statementFiles: statementFilesOf(statementStore),
      statementParser: bankStatementParser,
    };
    const demoEntries =
      options.demo === false ? 0 : await loadDemoData({ ...deps, evidence }, statementDeps);
    // In AWS an S3 event queues the import and SQS runs import-statements; locally this does.
    const statementImporter = startStatementImporter(
      deps.store,
      async () => (await import('../../../functions/import-statements/handler.ts')).handler,
    );
    importer = statementImporter;
    server = createLocalApi({
      localRoutes: async (method, url, body) => {
        if (url.pathname.startsWith(LOCAL_EVIDENCE_PATH)) return evidence.serve(method, url, body);
        if (url.pathname.startsWith(LOCAL_EXPORTS_PATH)) return exportFiles.serve(method, url);
        if (url.pathname.startsWith(LOCAL_STATEMENTS_PATH)) {
          const answer = statementStore.serve(method, url, body);
          if (method === 'PUT' && answer.status === 200) {
            const [fundId = '', sha256 = ''] = url.pathname
              .slice(LOCAL_STATEMENTS_PATH.length)
              .split('/');
            statementImporter.fileArrived(fundId, sha256);
          }
          return answer;
        }
        if (url.pathname === '/_local/reminders' && method === 'POST') {
          // `npm run reminders`: the daily run, now (or as on ?at=<instant>), on this stack.
          const at = url.searchParams.get('at');
          const result = await mailSender?.runReminders(at ? new Date(at) : undefined);
          return {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(result ?? {}),
          };
        }
        if (url.pathname === '/_local/bank-account') {
          return bankAccountOfReference(deps.store, url.searchParams.get('reference') ?? '');
        }
        return undefined;
      },
      staticFiles: (method, url) => logFiles.serve(method, url),
      routes: ROUTES,
      loadHandler: async (fn) => (await import(`../../../functions/${fn}/handler.ts`)).handler,
      authorizer: {
        verify: async (token) => claimsAsApiGatewayPasses(await verifyDevToken(signingKey, token)),
      },
    });
    const host = options.host ?? '127.0.0.1';
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(options.port ?? 3000, host, () => resolve());
    });
    const address = listening.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://${host}:${port}`;
    // A real SMTP server that catches every message (maildev), on loopback.
    mailCatcher = await startMailCatcher(join(dataDir, 'mail'));
    const catcher = mailCatcher;
    Object.assign(process.env, {
      EVIDENCE_DIR: evidenceDir,
      LOCAL_EVIDENCE_KEY: evidenceKey.toString('hex'),
      LOCAL_EVIDENCE_BASE_URL: url,
      EXPORTS_DIR: exportsDir,
      LOG_DIR: logDir,
      CHECKPOINT_KEY_FILE: checkpointKeyFile,
      STATEMENTS_DIR: statementsDir,
      SEPAY_API_KEY: gatewayKeys.sepayApiKey,
      CASSO_CHECKSUM_KEY: gatewayKeys.cassoChecksumKey,
      MANAGE_LINK_KEY: manageLinkKey,
      LOCAL_EXPORTS_BASE_URL: url,
      // The console verifies its session cookie with the same dev key the emulator uses.
      DEV_JWT_KEY: Buffer.from(signingKey).toString('hex'),
      // Local staff: the admin's console pages add and remove them; the dev sign-in reads them.
      DEV_USERS_FILE: devUsersFile(dataDir),
      SMTP_URL: catcher.smtpUrl,
      PUBLIC_BASE_URL: url,
    });
    process.env.MAIL_FROM ??= 'Soquy <no-reply@soquy.local>';
    process.env.STRIPE_WEBHOOK_SECRET ??= LOCAL_WEBHOOK_SECRET;
    if (
      !process.env.STRIPE_SECRET_KEY ||
      process.env.STRIPE_SECRET_KEY.startsWith('sk_test_soquy_simulator')
    ) {
      // No Stripe key: a local Stripe that pays on a click and signs its webhook to us.
      stripe = await startStripeSimulator({
        webhookUrl: `${url}/webhooks/stripe`,
        webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
      });
      Object.assign(process.env, {
        STRIPE_SECRET_KEY: 'sk_test_soquy_simulator',
        STRIPE_API_BASE: stripe.url,
        CHECKOUT_ORIGIN: stripe.url,
      });
    }
    // The functions read this configuration when they start; check it now, the same way, so a
    // missing variable names itself at start and not at some page's first request.
    loadConfig(process.env, [
      'evidence',
      'exports',
      'manageLinks',
      'stripe',
      'signIn',
      'statements',
      'bankGateways',
      'log',
      'staff',
      'mail',
    ]);
    // In AWS the journal's DynamoDB stream runs publish-exports; locally this loop does.
    const exportsPublisher = startExportPublisher(
      deps.store,
      async () => (await import('../../../functions/publish-exports/handler.ts')).handler,
    );
    publisher = exportsPublisher;
    // In AWS the journal's and the State table's streams run send-mail, and a daily rule runs
    // pledge-reminders; locally this loop does both.
    const mailer = startMailSender(
      deps.store,
      async () => (await import('../../../functions/send-mail/handler.ts')).handler,
      async () => (await import('../../../functions/pledge-reminders/handler.ts')).handler,
    );
    mailSender = mailer;
    const simulator = stripe;
    const stop = async () => {
      await statementImporter.stop();
      await exportsPublisher.stop();
      await mailer.stop();
      await catcher.stop();
      await simulator?.stop();
      await new Promise<void>((resolve) => {
        listening.close(() => resolve());
        listening.closeAllConnections();
      });
      client.destroy();
      await dynamo?.stop();
    };
    return {
      url,
      dynamoEndpoint: endpoint,
      tables,
      deps,
      logDeps,
      logKey,
      signingKey,
      demoEntries,
      flushExports: () => exportsPublisher.flush(),
      importsIdle: () => statementImporter.idle(),
      gatewayKeys,
      ...(simulator ? { stripe: simulator } : {}),
      mail: { webUrl: catcher.webUrl, smtpUrl: catcher.smtpUrl },
      flushMail: () => mailer.flush(),
      runReminders: (at) => mailer.runReminders(at),
      stop,
    };
  } catch (error) {
    await importer?.stop();
    await publisher?.stop();
    await mailSender?.stop();
    await mailCatcher?.stop();
    await stripe?.stop();
    server?.close();
    await dynamo?.stop();
    throw error;
  }
}

/** The key manage links are derived with, made on first start and kept in the data folder. */
function localManageLinkKey(dataDir: string): string {
  const file = join(dataDir, 'manage-link-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

import * as z from 'zod';

/**
 * Everything a function reads from its environment, read once when the function starts and
 * checked with zod, so a missing variable names itself at start, not at the first request.
 * Handlers say which parts they need; the rest is not required of them.
 */
const present = z.string().min(1);

const base = z.object({
  JOURNAL_TABLE: present,
  STATE_TABLE: present,
  /** Set for DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: present.default('ap-southeast-1'),
  /** Powertools Logger's level; `silent` (the tests) prints neither logs nor metrics. */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Where the pledge form may post card payers (Stripe Checkout, or the local simulator). */
  CHECKOUT_ORIGIN: z.url().default('https://checkout.stripe.com'),
});

/** S3 in AWS; files on disk served by the local stack otherwise. */
const evidence = z.union([
  z.object({ EVIDENCE_BUCKET: present }),
  z.object({
    EVIDENCE_DIR: present,
    LOCAL_EVIDENCE_KEY: z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes in hex'),
    LOCAL_EVIDENCE_BASE_URL: z.url(),
  }),
]);

/** Published exports: a bucket in AWS; files on disk served by the local stack otherwise. */
const exports = z.union([
  z.object({ EXPORTS_BUCKET: present }),
  z.object({ EXPORTS_DIR: present, LOCAL_EXPORTS_BASE_URL: z.url() }),
]);

/** The key manage links are derived with: Secrets Manager in AWS, `.data/` locally. */
const manageLinks = z.union([
  z.object({ MANAGE_LINK_SECRET_ID: present }),
  z.object({ MANAGE_LINK_KEY: z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes in hex') }),
]);

/** Secrets Manager in AWS; keys in the environment locally. */
const stripe = z
  .union([
    z.object({ STRIPE_SECRET_ID: present }),
    z.object({ STRIPE_SECRET_KEY: present, STRIPE_WEBHOOK_SECRET: present }),
  ])
  .and(z.object({ STRIPE_API_BASE: z.url().optional() }));

/** Cognito in AWS; the local dev key otherwise. */
const signIn = z.union([
  z.object({ USER_POOL_ID: present, USER_POOL_CLIENT_ID: present, COGNITO_DOMAIN: present }),
  z.object({ DEV_JWT_KEY: z.string().regex(/^[0-9a-f]+$/, 'must be hex') }),
]);

/** Bank statements: the evidence bucket (under statements/) in AWS; a folder locally. */
const statements = z.union([
  z.object({ EVIDENCE_BUCKET: present }),
  z.object({
    STATEMENTS_DIR: present,
    LOCAL_EVIDENCE_KEY: z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes in hex'),
    LOCAL_EVIDENCE_BASE_URL: z.url(),
  }),
]);

/** SePay's API key and Casso's checksum key: Secrets Manager in AWS, the environment locally. */
const bankGateways = z.union([
  z.object({ BANK_GATEWAY_SECRET_ID: present }),
  z.object({ SEPAY_API_KEY: present, CASSO_CHECKSUM_KEY: present }),
]);

/**
 * The transparency log: tiles and checkpoints in the log bucket and the checkpoint key in KMS
 * (AWS); a folder and a key file under `.data/` locally. LOG_DEPLOYMENT names the deployment in
 * every checkpoint's origin and is the key's name, so it never changes once witnesses saw it.
 */
const log = z
  .union([
    z.object({ LOG_BUCKET: present, CHECKPOINT_KEY_ID: present }),
    z.object({ LOG_DIR: present, CHECKPOINT_KEY_FILE: present }),
  ])
  .and(
    z.object({
      LOG_DEPLOYMENT: z
        .string()
        .regex(/^[^\s+]{1,200}$/, 'must be a key name: no spaces, no "+" (e.g. soquy.example.vn)'),
    }),
  );

/**
 * Who works on which fund: Cognito's user pool in AWS (its admin API; COGNITO_ENDPOINT only for
 * tests against a stand-in); the local dev users' file under `.data/` otherwise.
 */
const staff = z.union([
  z.object({ USER_POOL_ID: present, COGNITO_ENDPOINT: z.url().optional() }),
  z.object({ DEV_USERS_FILE: present }),
]);

/**
 * Mail: SMTP when SMTP_URL is set (locally maildev on loopback), Amazon SES otherwise; MAIL_FROM
 * is the sender (a verified SES identity in AWS). PUBLIC_BASE_URL is where links in a message
 * lead, for functions no request reaches (the stream and the daily reminders).
 */
const mail = z.object({
  MAIL_FROM: present,
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  PUBLIC_BASE_URL: z.url().optional(),
});

/** Where the import job queues its own continuation (AWS); unset locally. */
const statementQueue = z.object({ STATEMENT_QUEUE_URL: z.url().optional() });

const PARTS = {
  evidence,
  exports,
  manageLinks,
  stripe,
  signIn,
  statements,
  bankGateways,
  statementQueue,
  log,
  staff,
  mail,
} as const;
export type ConfigPart = keyof typeof PARTS;

export type Config = z.output<typeof base> & {
  evidence?: z.output<typeof evidence>;
  exports?: z.output<typeof exports>;
  manageLinks?: z.output<typeof manageLinks>;
  stripe?: z.output<typeof stripe>;
  signIn?: z.output<typeof signIn>;
  statements?: z.output<typeof statements>;
  bankGateways?: z.output<typeof bankGateways>;
  statementQueue?: z.output<typeof statementQueue>;
  log?: z.output<typeof log>;
  staff?: z.output<typeof staff>;
  mail?: z.output<typeof mail>;
};

/** Configuration a function started with that it cannot run on. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The function's environment is not usable:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function problemsOf(error: z.ZodError, part: string): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.map(String).join('.');
    if (issue.code === 'invalid_union') {
      return `${part}: set ${issue.errors
        .map((branch) => branch.map((b) => b.path.join('.')).join(' and '))
        .join(', or ')}`;
    }
    return `${name || part}: ${issue.message}`;
  });
}

/** Reads and checks the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv, parts: readonly ConfigPart[] = []): Config {
  const problems: string[] = [];
  const parsed = base.safeParse(env);
  if (!parsed.success) problems.push(...problemsOf(parsed.error, 'base'));
  const config = { ...(parsed.data as z.output<typeof base>) } as Config;
  for (const part of parts) {
    const result = PARTS[part].safeParse(env);
    if (result.success) Object.assign(config, { [part]: result.data });
    else problems.push(...problemsOf(result.error, part));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A part a function declared it needs (loadConfig has checked it is there). */
export function part<P extends ConfigPart>(config: Config, name: P): NonNullable<Config[P]> {
  const value = config[name];
  if (!value) throw new ConfigError([`${name}: this function did not ask for it at start`]);
  return value as NonNullable<Config[P]>;
}

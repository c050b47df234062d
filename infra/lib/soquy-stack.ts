import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GLOBAL_ROLES, groupFor, ROLE_DESCRIPTIONS } from '@soquy/ledger';
import { JOURNAL_SCHEMA, STATE_SCHEMA, STATE_TTL_ATTRIBUTE } from '@soquy/store';
import {
  type CfnElement,
  CfnOutput,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  FilterCriteria,
  FilterRule,
  Runtime,
  StartingPosition,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import {
  FUNCTION_NAMES,
  QUEUE_FUNCTIONS,
  ROUTES,
  STREAM_FUNCTIONS,
} from '../../functions/routes.ts';
import { EDGE_ORIGIN_HEADER } from '../../packages/http/src/through-the-edge.ts';
import { functionBundling } from './bundling.ts';
import {
  BASIC_EXECUTION_REASON,
  CheckpointVerifierKey,
  RUNTIME_REASON,
} from './checkpoint-verifier-key.ts';
import {
  BANK_GATEWAY_FUNCTIONS,
  CONSOLE_FUNCTIONS,
  FUNCTION_ACCESS,
  MAIL_ACTIONS,
  MAIL_FUNCTIONS,
  PLEDGE_FUNCTIONS,
  STAFF_DIRECTORY_ACTIONS,
  STAFF_FUNCTIONS,
  STAFF_READER_FUNCTIONS,
  STRIPE_FUNCTIONS,
  type TableAccess,
} from './function-access.ts';
import { Operations } from './operations.ts';
import { uncachedPathPatterns } from './public-cache.ts';
import { streamFailureQueue } from './stream-failures.ts';

export const STRIPE_SECRET_NAME = 'soquy/stripe';

/** The checkpoint key's alias in KMS. */
export const CHECKPOINT_KEY_ALIAS = 'alias/soquy-checkpoint';

/**
 * Where the log's objects live in the log bucket: the public path without its leading slash
 * (`funds/<fundId>/log/checkpoint`, `…/log/tile/…`), so CloudFront maps paths to keys one to one.
 */
export const LOG_PREFIX = 'funds/';

/** The two paths CloudFront serves from the log bucket; everything else goes to the API. */
export const LOG_PATH_PATTERNS = ['/funds/*/log/checkpoint', '/funds/*/log/tile/*'] as const;

/** Where statement files are uploaded in the evidence bucket; each new object is an import job. */
export const STATEMENTS_PREFIX = 'statements/';

/** An import reads a whole statement; it sends itself a continuation before this runs out. */
const IMPORT_TIMEOUT_MINUTES = 15;

/** Functions that differ from the default 512 MB and 10 s. */
const SIZING: Record<
  string,
  { memorySize?: number; timeout?: Duration; reservedConcurrentExecutions?: number }
> = {
  // One publisher at a time (two would race on a fund's index.json), with time to catch up.
  'publish-exports': { reservedConcurrentExecutions: 1, timeout: Duration.minutes(5) },
  // Receipts (a PDF each) and approver notices of one stream batch, one SMTP call each.
  'send-mail': { timeout: Duration.minutes(2) },
  // Every fund's unpaid pledges, one reminder each.
  'pledge-reminders': { timeout: Duration.minutes(5) },
  // Parses a statement file (CSV or Excel) and matches its lines.
  'import-statements': { memorySize: 1024, timeout: Duration.minutes(IMPORT_TIMEOUT_MINUTES) },
};

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The PNG-rendering functions: their bundling copies resvg's .wasm and fonts (bundling.ts). */
export { PNG_FUNCTIONS } from './bundling.ts';

/** The daily reminders run at 08:00 in Vietnam (01:00 UTC): a morning mail, read that day. */
export const REMINDERS_SCHEDULE = { minute: '0', hour: '1' } as const;

/**
 * API Gateway throttling (requests per second, steady rate and burst), behind the WAF's per-IP
 * limits: these cap what reaches Lambda and DynamoDB from everyone together. Reads and staff
 * routes share the stage default: CloudFront answers most public reads from its cache, and a
 * ward's staff are a handful of people. Public writes (pledges, a pledge's own pages, cancels,
 * witnesses) get a tighter cap per route: a spam run stays a small bill and cannot starve the
 * reads of Lambda concurrency. The bank and card gateways' notifications get their own, so a
 * burst of transfers after an appeal is never throttled by pledge traffic (a refused
 * notification is retried by the gateway).
 */
export const API_THROTTLE = {
  default: { rateLimit: 200, burstLimit: 400 },
  publicWrite: { rateLimit: 20, burstLimit: 40 },
  webhook: { rateLimit: 50, burstLimit: 100 },
} as const;

/** The throttle of one route (its route key `METHOD /path`), or undefined for the stage default. */
export function throttleOf(route: { method: string; path: string; auth: boolean }) {
  if (route.method !== 'POST' || route.auth) return undefined;
  return route.path.startsWith('/webhooks/') ? API_THROTTLE.webhook : API_THROTTLE.publicWrite;
}

/**
 * What S3 lifecycle does to the evidence bucket. The journal cites receipts (evidence/) and
 * statements (statements/) by key and SHA-256: their current versions are never expired, only
 * moved to cheaper storage once they are rarely read. A replaced or deleted version (only an
 * operator can do that) stays recoverable for NONCURRENT_DAYS. Export files (exports/) are
 * rebuilt from the journal, so their old versions go after the same period.
 */
export const EVIDENCE_LIFECYCLE = {
  /** Current receipts and statements move to S3 Standard-IA (still read in milliseconds). */
  infrequentAccessAfterDays: 90,
  /** Replaced or deleted versions are kept this long, then removed. */
  noncurrentDays: 365,
  /** Uploads that never completed (a lost connection) are cleaned up. */
  abortIncompleteUploadDays: 7,
} as const;

export interface SoquyStackProps extends StackProps {
  /**
   * The ARN of SoquyEdge's web ACL (CLOUDFRONT scope, us-east-1) protecting the distribution.
   * app.ts always passes it; unit tests of other parts may build the stack without it.
   */
  webAclArn?: string;
  /** The certificate (us-east-1) of `-c domainName`, made or imported by SoquyEdge. */
  certificate?: ICertificate;
}

const pascal = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

/** Everything soquy runs on in AWS: two tables, one function per folder, an HTTP API, Cognito. */
export class SoquyStack extends Stack {
  readonly journal: Table;
  readonly state: Table;
  readonly functions: Record<string, NodejsFunction> = {};
  readonly evidence: Bucket;
  readonly statementQueue: Queue;
  readonly statementDeadLetters: Queue;
  readonly bankGatewaySecret: Secret;
  /** The transparency log's public files (tiles, checkpoints), read through CloudFront only. */
  readonly logBucket: Bucket;
  /** Ed25519 key that signs checkpoints; it never leaves KMS. */
  readonly checkpointKey: kms.Key;
  readonly distribution: cloudfront.Distribution;
  /** Stream batches a function gave up on, by function (publish-exports, send-mail). */
  readonly streamFailures: Record<string, Queue> = {};
  /** Nested stack: alarms (to an SNS topic, `-c alarmEmail`), the dashboard, AWS Backup. */
  readonly operations: Operations;

  /** The public address: `-c publicUrl`, else `https://<-c domainName>`, else CloudFront's. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props?: SoquyStackProps) {
    super(scope, id, props);
    const domainName: string | undefined = this.node.tryGetContext('domainName');
    if (domainName && !props?.certificate) {
      throw new Error(
        `-c domainName=${domainName} needs its certificate: build SoquyStack from infra/bin/app.ts, which makes it in SoquyEdge (or pass -c certificateArn=…).`,
      );
    }

    const tableDefaults = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryption.AWS_MANAGED,
    };
    this.journal = new Table(this, 'Journal', {
      ...tableDefaults,
      partitionKey: { name: JOURNAL_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: JOURNAL_SCHEMA.sortKey, type: AttributeType.NUMBER },
      // Keys of new entries feed publish-exports, which writes the fund's export files to S3.
      stream: StreamViewType.KEYS_ONLY,
    });
    for (const index of Object.values(JOURNAL_SCHEMA.indexes)) {
      this.journal.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.NUMBER },
      });
    }
    this.state = new Table(this, 'State', {
      ...tableDefaults,
      partitionKey: { name: STATE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: STATE_SCHEMA.sortKey, type: AttributeType.STRING },
      // Idempotency records expire (IDEMPOTENCY_TTL_DAYS); nothing else carries the attribute.
      timeToLiveAttribute: STATE_TTL_ATTRIBUTE,
      // Keys only (no personal data in the stream): send-mail reads the new disbursement
      // records among them, to tell approvers one waits.
      stream: StreamViewType.KEYS_ONLY,
    });
    const { byEntity } = STATE_SCHEMA.indexes;
    this.state.addGlobalSecondaryIndex({
      indexName: byEntity.name,
      partitionKey: { name: byEntity.partitionKey, type: AttributeType.STRING },
      sortKey: { name: byEntity.sortKey, type: AttributeType.STRING },
    });

    // Staff sign in here; the groups `admin`, `treasurer:<fundId>`, `approver:<fundId>` are roles.
    const userPool = new cognito.UserPool(this, 'StaffUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // One group per role that holds for every fund, from the same declaration the API checks
    // (per-fund roles are groups named `treasurer:<fundId>`, made when staff are appointed).
    for (const role of GLOBAL_ROLES) {
      new cognito.CfnUserPoolGroup(this, `${pascal(role)}Group`, {
        userPoolId: userPool.userPoolId,
        groupName: groupFor(role),
        description: ROLE_DESCRIPTIONS[role],
      });
    }

    const api = new HttpApi(this, 'Api', { description: 'soquy public and staff API' });
    // The console signs staff in through Cognito's hosted UI and comes back to /console/callback
    // of the public address: every function knows it (PUBLIC_BASE_URL), so the console sends
    // that redirect_uri even when reached at the API's own URL. Lazy: the address is known once
    // the distribution below exists.
    const publicUrlLater = Lazy.string({ produce: () => this.publicUrl });
    const domain = userPool.addDomain('StaffDomain', {
      cognitoDomain: { domainPrefix: `soquy-staff-${this.account}` },
    });
    const userPoolClient = userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${publicUrlLater}/console/callback`],
        logoutUrls: [`${publicUrlLater}/console/sign-in`],
      },
    });
    const authorizer = new HttpJwtAuthorizer(
      'StaffJwt',
      `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`,
      { jwtAudience: [userPoolClient.userPoolClientId] },
    );

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        authorizerError: '$context.authorizer.error',
      }),
    };
    // Every route's default throttle (API_THROTTLE); public writes get their own below.
    stage.defaultRouteSettings = {
      throttlingRateLimit: API_THROTTLE.default.rateLimit,
      throttlingBurstLimit: API_THROTTLE.default.burstLimit,
    };

    // Receipts and invoices, one object per SHA-256; private, versioned, kept.
    const evidenceLogs = new Bucket(this, 'EvidenceAccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    });
    Validations.of(evidenceLogs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        "This bucket receives the evidence bucket's server access logs; logging it to itself would loop.",
    });
    this.evidence = new Bucket(this, 'Evidence', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: evidenceLogs,
      serverAccessLogsPrefix: 'evidence/',
      // Never an expiration of a current version under evidence/ or statements/: the journal
      // cites them (EVIDENCE_LIFECYCLE says what moves and what goes, and when).
      lifecycleRules: [
        ...['evidence/', STATEMENTS_PREFIX].map((prefix) => ({
          id: `${prefix.replace('/', '')}-kept`,
          prefix,
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(EVIDENCE_LIFECYCLE.infrequentAccessAfterDays),
            },
          ],
          noncurrentVersionExpiration: Duration.days(EVIDENCE_LIFECYCLE.noncurrentDays),
        })),
        {
          id: 'exports-old-versions',
          prefix: 'exports/',
          noncurrentVersionExpiration: Duration.days(EVIDENCE_LIFECYCLE.noncurrentDays),
        },
        {
          id: 'abort-incomplete-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(
            EVIDENCE_LIFECYCLE.abortIncompleteUploadDays,
          ),
        },
      ],
      // Presigned PUTs from the treasurer's browser or app.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
          maxAge: 3000,
        },
      ],
    });

    // Stripe's keys, made before the first deploy (see README): {"secretKey", "webhookSecret"}.
    const stripeSecret = Secret.fromSecretNameV2(this, 'StripeSecret', STRIPE_SECRET_NAME);
    // The key pledge manage links are derived with (HMAC of the pledge id): no table keeps a
    // donor's link, yet a retried pledge can answer it again.
    const manageLinkSecret = new Secret(this, 'ManageLinkKey', {
      description: 'soquy: key that derives pledge manage-link tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(manageLinkSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotating this key would invalidate every manage link donors already hold; it is a derivation key, not a credential to another system.',
    });
    // What CloudFront adds to every request it sends to API Gateway (EDGE_ORIGIN_HEADER), and
    // what the API's functions require (throughTheEdge): API Gateway's own address answers
    // anyone, and an HTTP API takes neither a resource policy nor a WAF, so a request that skips
    // CloudFront (and its WAF) is refused by the function instead. Both read the value through a
    // CloudFormation dynamic reference, so it is never in the template.
    const edgeOriginKey = new Secret(this, 'EdgeOriginKey', {
      description:
        'soquy: the header CloudFront sends to API Gateway; functions refuse calls without it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(edgeOriginKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The distribution and every API function read this value only when CloudFormation updates them (dynamic references), so a rotation Lambda would change it under both and nothing would re-read it. It is rotated with a redeploy that replaces this secret (a new construct id), which updates the distribution and the functions together.',
    });
    const edgeOriginValue = edgeOriginKey.secretValue.unsafeUnwrap();
    const routedFunctions = new Set(ROUTES.map((route) => route.fn));

    // SePay's API key and Casso's checksum key: {"sepayApiKey", "cassoChecksumKey"}. sepayApiKey
    // starts as a random key (usable as the key SePay sends); cassoChecksumKey starts empty, and
    // bank-webhooks refuses every notification until both are set (README, "Connecting SePay
    // and Casso"). A deploy never overwrites pasted keys: the value is generated once.
    this.bankGatewaySecret = new Secret(this, 'BankGatewayKeys', {
      description:
        'soquy: SePay webhook API key and Casso webhook checksum key; paste both from the SePay and Casso dashboards',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ cassoChecksumKey: '' }),
        generateStringKey: 'sepayApiKey',
        passwordLength: 48,
        excludePunctuation: true,
      },
    });
    Validations.of(this.bankGatewaySecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'SePay and Casso issue these keys in their own dashboards; no rotation Lambda can change them there. They are rotated by hand: set a new key in the dashboard, then paste it here.',
    });

    // The transparency log's files: public by design, but only through CloudFront (Origin
    // Access Control); a bucket of its own, so the evidence bucket (receipts, bank statements)
    // keeps a policy that allows nobody anything. Versioned so a deleted or replaced object can
    // be recovered; the checkpoint is rewritten every second under load, so old versions of it
    // are let go after 30 days (every checkpoint is also kept in the State table).
    this.logBucket = new Bucket(this, 'LogFiles', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: evidenceLogs,
      serverAccessLogsPrefix: 'transparency-log/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    // The checkpoint key: Ed25519 in KMS (ED25519_SHA_512 over the raw note). Kept if the stack
    // goes: witnesses and receipts know this key, and a new one would look like a fork.
    this.checkpointKey = new kms.Key(this, 'CheckpointKey', {
      description:
        'soquy: signs the transparency log checkpoints of every fund (Ed25519); only publish-exports may sign',
      keySpec: kms.KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: CHECKPOINT_KEY_ALIAS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Statement imports: S3 tells the queue about each new object under statements/; the
    // importer takes one at a time and sends itself {"statementId"} to continue a long file.
    this.statementDeadLetters = new Queue(this, 'StatementImportDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.statementQueue = new Queue(this, 'StatementImports', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longer than the importer's timeout, so a message is never handed to a second importer
      // while the first may still run; short enough that a crashed import resumes within minutes
      // (every chunk is idempotent, so a rare overlap would double nothing).
      visibilityTimeout: Duration.minutes(IMPORT_TIMEOUT_MINUTES + 5),
      deadLetterQueue: { queue: this.statementDeadLetters, maxReceiveCount: 5 },
    });
    this.evidence.addEventNotification(
      EventType.OBJECT_CREATED,
      new SqsDestination(this.statementQueue),
      { prefix: STATEMENTS_PREFIX },
    );
    const queueOf: Record<string, Queue> = { 'import-statements': this.statementQueue };

    // One public address: the API by default (every viewer header but Host, every method), and
    // the log's checkpoint and tiles straight from S3, so readers of a large appeal
    // never reach Lambda or DynamoDB. The objects' own Cache-Control decides how long a copy
    // lives: a year for full tiles, two seconds for the checkpoint and partial tiles.
    const apiOrigin = new origins.HttpOrigin(
      `${api.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        // Overwrites a viewer's header of the same name; the functions refuse requests without it.
        customHeaders: { [EDGE_ORIGIN_HEADER]: edgeOriginValue },
      },
    );
    const logOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.logBucket, {
      // LIST as well, so a tile that is not there yet answers 404, not 403.
      originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
    });
    const logBehaviour: cloudfront.BehaviorOptions = {
      origin: logOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      compress: true,
    };
    // Public pages and the API's GET routes: compressed (br or gzip, Accept-Encoding normalised
    // into the key) and cached only as long as the answer's own Cache-Control says (public pages
    // and JSON 30-60 s, proofs longer; pledge pages, errors and staff answers say no-store, and
    // an answer without Cache-Control is not kept: default TTL 0). Every query string is in the
    // key, since pages read lang, month, from, to, page, after, q, kind…; a parameter a page
    // learns later can never be served another page's copy. Authorization is in the key too, so
    // a staff token reaches API Gateway on every route (CloudFront forwards it only as part of
    // the key when caching) and no answer to one token is ever served to anyone else.
    const publicCache = new cloudfront.CachePolicy(this, 'PublicPagesCache', {
      comment: 'soquy pages and public GET routes: the origin Cache-Control decides',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // The console and staff reads: never cached, every viewer header and cookie to the origin.
    const uncachedBehaviour: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    this.distribution = new cloudfront.Distribution(this, 'PublicSite', {
      comment: 'soquy: the API, and each fund transparency log served from S3',
      defaultBehavior: {
        origin: apiOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: publicCache,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries([
        ...uncachedPathPatterns(ROUTES).map((path) => [path, uncachedBehaviour] as const),
        ...LOG_PATH_PATTERNS.map((path) => [path, logBehaviour] as const),
      ]),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Edge locations in Asia included (Vietnam's readers); the cheapest class leaves them out.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: evidenceLogs,
      logFilePrefix: 'cloudfront/',
      // SoquyEdge's web ACL: managed rules and per-IP limits on public writes and webhooks.
      ...(props?.webAclArn ? { webAclId: props.webAclArn } : {}),
      // The custom domain (`-c domainName`), with its certificate from SoquyEdge.
      ...(domainName && props?.certificate
        ? {
            domainNames: [domainName],
            certificate: props.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason:
          'The ledger and its transparency log are public on purpose: donors abroad and witnesses anywhere must read them, so no country is blocked.',
      },
      {
        id: 'Annotation::@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
        reason:
          'The log bucket is reached only by the two log path patterns, never by the default behaviour (the API), so "/" can never list the bucket; LIST makes a missing tile answer 404 instead of 403.',
      },
    );
    if (!domainName) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'Without -c domainName the distribution uses the default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes; with a domain the stack sets TLSv1.2_2021.',
      });
    }
    this.publicUrl =
      this.node.tryGetContext('publicUrl') ??
      `https://${domainName ?? this.distribution.distributionDomainName}`;
    // What checkpoints name as their origin and the key's name: the public host unless the
    // deployment gives one (`-c logDeployment=soquy.example.vn`). It must never change once
    // witnesses have seen it.
    const logDeployment: string =
      this.node.tryGetContext('logDeployment') ?? this.distribution.distributionDomainName;

    // Mail: SES, from one verified identity (`-c mailFrom="Quỹ <quy@example.vn>"`; the identity
    // is its domain unless `-c mailIdentity=` names the address or another domain). Links in
    // mail lead to the public address.
    const mailFrom: string = this.node.tryGetContext('mailFrom') ?? 'soquy <no-reply@example.vn>';
    const mailAddress = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
    const mailIdentity: string =
      this.node.tryGetContext('mailIdentity') ?? mailAddress.split('@')[1] ?? mailAddress;

    for (const fn of FUNCTION_NAMES) {
      const access = FUNCTION_ACCESS[fn];
      if (!access) throw new Error(`functions/${fn} has no entry in FUNCTION_ACCESS`);
      const handler = new NodejsFunction(this, pascal(fn), {
        entry: join(repoRoot, 'functions', fn, 'handler.ts'),
        handler: 'handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 512,
        timeout: Duration.seconds(10),
        ...SIZING[fn],
        // X-Ray: Powertools Tracer's segments around DynamoDB and S3 calls.
        tracing: Tracing.ACTIVE,
        environment: {
          JOURNAL_TABLE: this.journal.tableName,
          STATE_TABLE: this.state.tableName,
          NODE_OPTIONS: '--enable-source-maps',
          // Powertools: the `service` dimension and the `Soquy` namespace every metric carries.
          POWERTOOLS_SERVICE_NAME: 'soquy',
          POWERTOOLS_METRICS_NAMESPACE: 'Soquy',
          // Links in pages, mail and redirects, and the console's Cognito callback.
          PUBLIC_BASE_URL: this.publicUrl,
          // CloudFront's origin header: a call to API Gateway's own address is refused (403).
          ...(routedFunctions.has(fn) ? { EDGE_ORIGIN_KEY: edgeOriginValue } : {}),
          ...(STRIPE_FUNCTIONS.includes(fn) ? { STRIPE_SECRET_ID: STRIPE_SECRET_NAME } : {}),
          ...(PLEDGE_FUNCTIONS.includes(fn)
            ? { MANAGE_LINK_SECRET_ID: manageLinkSecret.secretArn }
            : {}),
          ...(access.evidence || access.statements
            ? { EVIDENCE_BUCKET: this.evidence.bucketName }
            : {}),
          ...(BANK_GATEWAY_FUNCTIONS.includes(fn)
            ? { BANK_GATEWAY_SECRET_ID: this.bankGatewaySecret.secretArn }
            : {}),
          ...(queueOf[fn] ? { STATEMENT_QUEUE_URL: queueOf[fn].queueUrl } : {}),
          ...(access.exports ? { EXPORTS_BUCKET: this.evidence.bucketName } : {}),
          ...(access.log || access.checkpointKey
            ? {
                LOG_BUCKET: this.logBucket.bucketName,
                CHECKPOINT_KEY_ID: this.checkpointKey.keyArn,
                LOG_DEPLOYMENT: logDeployment,
              }
            : {}),
          ...(CONSOLE_FUNCTIONS.includes(fn)
            ? {
                USER_POOL_ID: userPool.userPoolId,
                USER_POOL_CLIENT_ID: userPoolClient.userPoolClientId,
                COGNITO_DOMAIN: `${domain.domainName}.auth.${this.region}.amazoncognito.com`,
              }
            : {}),
          ...(STAFF_FUNCTIONS.includes(fn) || STAFF_READER_FUNCTIONS.includes(fn)
            ? { USER_POOL_ID: userPool.userPoolId }
            : {}),
          ...(MAIL_FUNCTIONS.includes(fn) ? { MAIL_FROM: mailFrom } : {}),
        },
        logGroup: new LogGroup(this, `${pascal(fn)}Logs`, {
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        // Split into chunks that load on first use, assets beside it: infra/lib/bundling.ts.
        bundling: functionBundling(fn, join(repoRoot, 'functions', fn, 'handler.ts'), repoRoot),
      });
      for (const [table, grant] of [
        [this.journal, access.journal],
        [this.state, access.state],
      ] as const) {
        if (!grant) continue;
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: grant.actions,
            resources: [
              table.tableArn,
              ...(grant.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`),
            ],
          }),
        );
      }
      if (STRIPE_FUNCTIONS.includes(fn)) stripeSecret.grantRead(handler);
      if (PLEDGE_FUNCTIONS.includes(fn)) manageLinkSecret.grantRead(handler);
      if (BANK_GATEWAY_FUNCTIONS.includes(fn)) this.bankGatewaySecret.grantRead(handler);
      // Appointing and removing staff: exactly the admin calls the staff directory makes.
      if (STAFF_FUNCTIONS.includes(fn)) {
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: [...STAFF_DIRECTORY_ACTIONS],
            resources: [userPool.userPoolArn],
          }),
        );
      }
      // Who the approvers are, and nothing more: send-mail reads them to notify them.
      if (STAFF_READER_FUNCTIONS.includes(fn) && !STAFF_FUNCTIONS.includes(fn)) {
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: ['cognito-idp:ListUsersInGroup'],
            resources: [userPool.userPoolArn],
          }),
        );
      }
      // Mail only from the deployment's sender identity.
      if (MAIL_FUNCTIONS.includes(fn)) {
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: [...MAIL_ACTIONS],
            resources: [
              `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${mailIdentity}`,
            ],
          }),
        );
      }
      if (access.evidence) this.grantPrefix(handler, 'evidence/', access.evidence);
      if (access.exports) this.grantPrefix(handler, 'exports/', access.exports);
      if (access.statements) this.grantPrefix(handler, STATEMENTS_PREFIX, access.statements);
      if (access.log) this.grantPrefix(handler, LOG_PREFIX, access.log, this.logBucket);
      if (access.checkpointKey) {
        handler.addToRolePolicy(
          new PolicyStatement({
            actions: ['kms:GetPublicKey', ...(access.checkpointKey === 'sign' ? ['kms:Sign'] : [])],
            resources: [this.checkpointKey.keyArn],
          }),
        );
      }
      this.functions[fn] = handler;
    }
    // An API function starts refusing calls without the origin header only once CloudFront sends
    // it from every edge: CloudFormation updates the distribution (and waits for it) first, with
    // or without a custom domain.
    for (const fn of routedFunctions) this.functions[fn]?.node.addDependency(this.distribution);

    for (const fn of QUEUE_FUNCTIONS) {
      const queue = queueOf[fn];
      if (!queue) throw new Error(`functions/${fn} is a queue function but no queue runs it`);
      const consumer = this.functions[fn] as NodejsFunction;
      consumer.addEventSource(
        new SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true }),
      );
      // Continuations: {"statementId"} back onto its own queue before the timeout.
      queue.grantSendMessages(consumer);
    }

    const publisher = this.functions['publish-exports'] as NodejsFunction;
    // Only publish-exports signs checkpoints: the key's own policy refuses kms:Sign to every
    // other principal of the account, whatever IAM policy someone attaches later.
    const signers = FUNCTION_NAMES.filter((fn) => FUNCTION_ACCESS[fn]?.checkpointKey === 'sign');
    this.checkpointKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyThePublisherSigns',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: {
          ArnNotEquals: {
            'aws:PrincipalArn': signers.map((fn) => this.functions[fn]?.role?.roleArn as string),
          },
        },
      }),
    );
    Validations.of(publisher).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'The stream event source needs dynamodb:ListStreams, which IAM only grants on "*"; it lists stream names and reads no data. The stream itself is granted by ARN.',
    });
    // A batch still failing after its retries is noted there (and alarmed) instead of lost.
    const publisherFailures = streamFailureQueue(
      this,
      'PublishExportsStreamFailures',
      'publish-exports',
    );
    this.streamFailures['publish-exports'] = publisherFailures;
    publisher.addEventSource(
      new DynamoEventSource(this.journal, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 500,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 20,
        bisectBatchOnError: false,
        onFailure: new SqsDlq(publisherFailures),
      }),
    );

    // Receipts on the Journal's stream; approver notices on the State table's, filtered to new
    // disbursement records (keys only). A failed batch is retried; the mail log keeps what went.
    const mailer = this.functions['send-mail'] as NodejsFunction;
    Validations.of(mailer).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'The stream event sources need dynamodb:ListStreams, which IAM only grants on "*"; it lists stream names and reads no data. The streams themselves are granted by ARN.',
    });
    const mailFailures = streamFailureQueue(this, 'SendMailStreamFailures', 'send-mail');
    this.streamFailures['send-mail'] = mailFailures;
    mailer.addEventSource(
      new DynamoEventSource(this.journal, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(2),
        retryAttempts: 10,
        bisectBatchOnError: true,
        onFailure: new SqsDlq(mailFailures),
      }),
    );
    mailer.addEventSource(
      new DynamoEventSource(this.state, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(2),
        retryAttempts: 10,
        bisectBatchOnError: true,
        onFailure: new SqsDlq(mailFailures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { sk: { S: FilterRule.isEqual('disbursement') } } },
          }),
        ],
      }),
    );
    new events.Rule(this, 'DailyPledgeReminders', {
      description: 'soquy: pledge reminders, every morning at 08:00 in Vietnam',
      schedule: events.Schedule.cron(REMINDERS_SCHEDULE),
      targets: [
        new eventTargets.LambdaFunction(this.functions['pledge-reminders'] as NodejsFunction, {
          retryAttempts: 2,
        }),
      ],
    });

    // RouteSettings is plain JSON to CDK (no renaming): CloudFormation's own property names.
    const throttled: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> =
      {};
    // One integration and one invoke permission per function, not per route: CloudFormation's
    // 500-resource limit. The permission lets this API (any of its routes) call the function;
    // which route reaches which function is still fixed by the API's own route table.
    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationOf = (fn: string) => {
      const existing = integrations.get(fn);
      if (existing) return existing;
      const integration = new HttpLambdaIntegration(
        pascal(fn),
        this.functions[fn] as NodejsFunction,
        { scopePermissionToRoute: false },
      );
      integrations.set(fn, integration);
      return integration;
    };
    for (const route of ROUTES) {
      const added: HttpRoute[] = api.addRoutes({
        path: route.path,
        // HTTP API routes are per method: HEAD gets a route beside each GET, and the handlers
        // answer it as GET without the body (headLikeGet). ANY covers HEAD already.
        methods:
          route.method === 'GET' ? [HttpMethod.GET, HttpMethod.HEAD] : [HttpMethod[route.method]],
        integration: integrationOf(route.fn),
        ...(route.auth ? { authorizer } : {}),
      });
      if (!route.auth) for (const each of added) acknowledgePublicRoute(each);
      const throttle = throttleOf(route);
      if (!throttle) continue;
      throttled[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
      // A stage's route settings may only name routes that exist already.
      for (const each of added) stage.node.addDependency(each);
    }
    stage.routeSettings = throttled;

    const publicUrl = this.publicUrl;
    new CfnOutput(this, 'PublicUrl', {
      value: publicUrl,
      description: 'The public address: API, pages, and each fund transparency log (CloudFront)',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: api.apiEndpoint,
      description:
        "API Gateway's own address: calls to it skip CloudFront and its WAF, so they are refused (403 use_public_url); use PublicUrl",
    });
    new CfnOutput(this, 'FundPageUrlPattern', {
      value: `${publicUrl}/f/{fundId}`,
      description: "A fund's public page (pledge form at /f/{fundId}/pledge)",
    });
    new CfnOutput(this, 'ApiDocsUrl', {
      value: `${publicUrl}/docs/api`,
      description: 'The API described for people; the OpenAPI 3.1 document is OpenApiUrl',
    });
    new CfnOutput(this, 'OpenApiUrl', { value: `${publicUrl}/openapi.json` });
    new CfnOutput(this, 'LogUrlPattern', {
      value: `${publicUrl}/funds/{fundId}/log/checkpoint and ${publicUrl}/funds/{fundId}/log/tile/...`,
      description: 'Where each fund log is served (C2SP tlog-tiles), from S3 through CloudFront',
    });
    new CfnOutput(this, 'WitnessesUrl', {
      value: `${publicUrl}/log/witnesses`,
      description:
        'The witnesses whose cosignatures are kept; they post to /funds/{fundId}/log/cosignatures',
    });
    new CfnOutput(this, 'CheckpointKeyUrl', {
      value: `${publicUrl}/.well-known/soquy/checkpoint-key`,
      description: 'Where the log key (LogKey) is published for witnesses and verifiers',
    });
    new CfnOutput(this, 'LogKey', {
      value: new CheckpointVerifierKey(this, 'CheckpointVerifierKey', {
        key: this.checkpointKey,
        name: logDeployment,
      }).vkey,
      description:
        'The checkpoint key as a note verifier key (vkey): every checkpoint is signed with it; publish it, witnesses pin it',
    });
    new CfnOutput(this, 'StaffSignInUrl', {
      value: domain.signInUrl(userPoolClient, { redirectUri: `${publicUrl}/console/callback` }),
      description: "Cognito's hosted sign-in page for staff, back to the console",
    });
    new CfnOutput(this, 'CheckpointKeyArn', { value: this.checkpointKey.keyArn });
    new CfnOutput(this, 'LogBucketName', { value: this.logBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    new CfnOutput(this, 'JournalTableName', { value: this.journal.tableName });
    new CfnOutput(this, 'StateTableName', { value: this.state.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidence.bucketName });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `${publicUrl}/console`,
      description: 'The staff console (sign in with Cognito)',
    });
    new CfnOutput(this, 'BankGatewaySecretArn', {
      value: this.bankGatewaySecret.secretArn,
      description:
        'Paste the SePay webhook API key (sepayApiKey) and the Casso webhook checksum key (cassoChecksumKey) from the SePay and Casso dashboards into this secret',
    });
    new CfnOutput(this, 'BankGatewaySecretName', {
      value: this.bankGatewaySecret.secretName,
      description: 'Name of the same secret, for aws secretsmanager put-secret-value --secret-id',
    });
    new CfnOutput(this, 'StatementImportDeadLetterQueueUrl', {
      value: this.statementDeadLetters.queueUrl,
      description: 'Statement uploads the importer gave up on after 5 attempts',
    });

    // Alarms, dashboard, AWS Backup and their outputs, in a nested stack (operations.ts).
    const alarmEmail: string | undefined = this.node.tryGetContext('alarmEmail');
    this.operations = new Operations(this, 'Operations', {
      watched: this,
      api,
      data: this,
      alarmEmail,
    });

    this.acknowledgeNagFindings();
  }

  /**
   * Object access under one prefix of a bucket (evidence/, exports/ or statements/ of the
   * evidence bucket, funds/ of the log bucket), plus ListBucket limited to that prefix: without it a missing object answers 403, not 404.
   */
  private grantPrefix(
    handler: NodejsFunction,
    prefix: string,
    modes: ('read' | 'write')[],
    bucket: Bucket = this.evidence,
  ) {
    const actions = [
      ...(modes.includes('read') ? ['s3:GetObject'] : []),
      ...(modes.includes('write') ? ['s3:PutObject'] : []),
    ];
    handler.addToRolePolicy(
      new PolicyStatement({ actions, resources: [bucket.arnForObjects(`${prefix}*`)] }),
    );
    handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
  }

  /**
   * cdk-nag findings we accept, each on the resource it concerns (a function, its role, its
   * policy, CDK's own helper), never on the stack or the app, with a reason a reviewer can check.
   */
  private acknowledgeNagFindings() {
    const bucket = this.getLogicalId(this.evidence.node.defaultChild as CfnElement);
    const logBucket = this.getLogicalId(this.logBucket.node.defaultChild as CfnElement);
    const prefixes: [keyof TableAccess, string, string][] = [
      [
        'evidence',
        `<${bucket}.Arn>/evidence/*`,
        'Evidence objects are named by their SHA-256 under evidence/<fundId>/; this function gets object actions on that prefix only.',
      ],
      [
        'exports',
        `<${bucket}.Arn>/exports/*`,
        'Published exports are files under exports/<fundId>/ named by seq range; this function gets object actions on that prefix only.',
      ],
      [
        'statements',
        `<${bucket}.Arn>/statements/*`,
        'Bank statement files are uploaded under statements/ by presigned PUT and read by the importer; this function gets object actions on that prefix only.',
      ],
      [
        'log',
        `<${logBucket}.Arn>/funds/*`,
        'Transparency log files are tiles and checkpoints under funds/<fundId>/log/, public through CloudFront; this function gets object actions on that prefix only.',
      ],
    ];
    for (const fn of FUNCTION_NAMES) {
      const handler = this.functions[fn] as NodejsFunction;
      const access = FUNCTION_ACCESS[fn] as TableAccess;
      const role = handler.role as IRole;
      const policy = role.node.tryFindChild('DefaultPolicy') as IConstruct;
      for (const finding of NAG_ACKNOWLEDGEMENTS) {
        Validations.of(finding.id.includes('IAM4') ? role : handler).acknowledge(finding);
      }
      const streams = STREAM_FUNCTIONS.includes(fn)
        ? ' Its DynamoDB stream event sources also need dynamodb:ListStreams, which IAM only grants on "*" too; it lists stream names and reads no data (the streams are granted by ARN).'
        : '';
      Validations.of(policy).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
          reason: `X-Ray tracing (Tracing.ACTIVE) needs xray:PutTraceSegments and xray:PutTelemetryRecords, which IAM only grants on "*"; they send trace segments and read no data.${streams}`,
        },
        ...prefixes
          .filter(([part]) => access[part])
          .map(([, resource, reason]) => ({
            id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
            reason,
          })),
      );
    }
    // CDK's own function that sets the evidence bucket's notifications at deploy time.
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('BucketNotificationsHandler')) continue;
      Validations.of(child).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: `CDK's bucket notifications handler: ${BASIC_EXECUTION_REASON}`,
        },
        {
          id: 'AwsSolutions::AwsSolutions-L1',
          reason:
            "CDK's own bucket notifications handler, run once per deploy; CDK chooses and updates its runtime.",
        },
      );
    }
  }
}

/** A public route's finding (no authorizer), acknowledged on that route. */
function acknowledgePublicRoute(route: HttpRoute) {
  Validations.of(route).acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'This route is public by design: reading funds, totals, the journal and the log, or a donor pledging. Every staff route has the Cognito JWT authorizer (checked by the infra test); the WAF and API throttling limit public writes.',
  });
}

/** Findings acknowledged on every soquy function (L1) and its role (IAM4), one by one. */
export const NAG_ACKNOWLEDGEMENTS: { id: string; reason: string }[] = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: BASIC_EXECUTION_REASON,
  },
  { id: 'AwsSolutions::AwsSolutions-L1', reason: RUNTIME_REASON },
];

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GLOBAL_ROLES, groupFor, ROLE_DESCRIPTIONS } from '@soquy/ledger';
import { JOURNAL_SCHEMA, STATE_SCHEMA, STATE_TTL_ATTRIBUTE } from '@soquy/store';
import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FUNCTION_NAMES, QUEUE_FUNCTIONS, ROUTES } from '../../functions/routes.ts';
import {
  BANK_GATEWAY_FUNCTIONS,
  CONSOLE_FUNCTIONS,
  FUNCTION_ACCESS,
  PLEDGE_FUNCTIONS,
  STRIPE_FUNCTIONS,
} from './function-access.ts';

export const STRIPE_SECRET_NAME = 'soquy/stripe';

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
  // Parses a statement file (CSV or Excel) and matches its lines.
  'import-statements': { memorySize: 1024, timeout: Duration.minutes(IMPORT_TIMEOUT_MINUTES) },
};

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

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
    // The console signs staff in through Cognito's hosted UI and comes back to /console/callback.
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
        callbackUrls: [`${api.apiEndpoint}/console/callback`],
        logoutUrls: [`${api.apiEndpoint}/console/sign-in`],
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
        environment: {
          JOURNAL_TABLE: this.journal.tableName,
          STATE_TABLE: this.state.tableName,
          NODE_OPTIONS: '--enable-source-maps',
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
          ...(CONSOLE_FUNCTIONS.includes(fn)
            ? {
                USER_POOL_ID: userPool.userPoolId,
                USER_POOL_CLIENT_ID: userPoolClient.userPoolClientId,
                COGNITO_DOMAIN: `${domain.domainName}.auth.${this.region}.amazoncognito.com`,
              }
            : {}),
        },
        logGroup: new LogGroup(this, `${pascal(fn)}Logs`, {
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          minify: true,
          sourceMap: true,
          // Stack traces still map to the source; the map is smaller and loads faster.
          sourcesContent: false,
          mainFields: ['module', 'main'],
          // Some dependencies still call require(); give ESM bundles one.
          banner:
            "import { createRequire as soquyCreateRequire } from 'node:module'; const require = soquyCreateRequire(import.meta.url);",
        },
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
      if (access.evidence) this.grantPrefix(handler, 'evidence/', access.evidence);
      if (access.exports) this.grantPrefix(handler, 'exports/', access.exports);
      if (access.statements) this.grantPrefix(handler, STATEMENTS_PREFIX, access.statements);
      this.functions[fn] = handler;
    }

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
    Validations.of(publisher).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'The stream event source needs dynamodb:ListStreams, which IAM only grants on "*"; it lists stream names and reads no data. The stream itself is granted by ARN.',
    });
    publisher.addEventSource(
      new DynamoEventSource(this.journal, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 500,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 20,
        bisectBatchOnError: false,
      }),
    );

    for (const route of ROUTES) {
      const fn = this.functions[route.fn] as NodejsFunction;
      api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(route.fn)}${route.method}`, fn),
        ...(route.auth ? { authorizer } : {}),
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    new CfnOutput(this, 'JournalTableName', { value: this.journal.tableName });
    new CfnOutput(this, 'StateTableName', { value: this.state.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidence.bucketName });
    new CfnOutput(this, 'ConsoleUrl', { value: `${api.apiEndpoint}/console` });
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

    this.acknowledgeNagFindings();
  }

  /**
   * Object access under one prefix of the bucket (evidence/, exports/ or statements/), plus
   * ListBucket limited to that prefix: without it a missing object answers 403, not 404.
   */
  private grantPrefix(handler: NodejsFunction, prefix: string, modes: ('read' | 'write')[]) {
    const actions = [
      ...(modes.includes('read') ? ['s3:GetObject'] : []),
      ...(modes.includes('write') ? ['s3:PutObject'] : []),
    ];
    handler.addToRolePolicy(
      new PolicyStatement({ actions, resources: [this.evidence.arnForObjects(`${prefix}*`)] }),
    );
    handler.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.evidence.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
  }

  /** cdk-nag findings we accept, each with the reason a reviewer can check. */
  private acknowledgeNagFindings() {
    for (const finding of NAG_ACKNOWLEDGEMENTS) Validations.of(this).acknowledge(finding);
    const bucket = this.getLogicalId(this.evidence.node.defaultChild as CfnElement);
    Validations.of(this).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucket}.Arn>/evidence/*]`,
      reason:
        'Evidence objects are named by their SHA-256 under evidence/<fundId>/; functions that store or read receipts get object actions on that prefix only.',
    });
    Validations.of(this).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucket}.Arn>/exports/*]`,
      reason:
        'Published exports are files under exports/<fundId>/ named by seq range; the publisher writes and the export readers read that prefix only.',
    });
    Validations.of(this).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucket}.Arn>/statements/*]`,
      reason:
        'Bank statement files are uploaded under statements/ by presigned PUT (bank-statements, the console) and read by the importer; object actions are granted on that prefix only.',
    });
  }
}

export const NAG_ACKNOWLEDGEMENTS: { id: string; reason: string }[] = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'Lambda functions use AWSLambdaBasicExecutionRole only to write their own CloudWatch logs; it grants nothing on data.',
  },
  {
    id: 'AwsSolutions::AwsSolutions-L1',
    reason:
      'nodejs22.x is pinned on purpose: the project targets Node 22 (middy 7, vitest 5) and is tested on it; it moves with the project, not with the newest runtime.',
  },
  {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'Reading funds, totals and the journal is public by design (transparency). Every staff route has the Cognito JWT authorizer; the infra test checks that.',
  },
  {
    id: 'AwsSolutions::AwsSolutions-COG4',
    reason:
      'Staff routes use the HTTP API JWT authorizer with the Cognito user pool as issuer, which cdk-nag does not recognise as a Cognito authorizer.',
  },
];

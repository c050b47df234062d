import { App, type CfnElement, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, ROUTES } from '../../functions/routes.ts';
import { JOURNAL_SCHEMA } from '../../packages/store/src/schema.ts';
import { deploymentEnv } from '../lib/deployment.ts';
import { BANK_GATEWAY_FUNCTIONS, STRIPE_FUNCTIONS } from '../lib/function-access.ts';
import { matchesPattern } from '../lib/public-cache.ts';
import {
  LOG_PATH_PATTERNS,
  NAG_ACKNOWLEDGEMENTS,
  SoquyStack,
  STRIPE_SECRET_NAME,
} from '../lib/soquy-stack.ts';

/** Synthesises without bundling (esbuild runs in `npm run synth`, not in every test). */
function synth(withNag = false) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  if (withNag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new SoquyStack(app, 'Soquy', {
    env: { account: '111111111111', region: 'ap-southeast-1' },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();
const resources = (type: string) => template.findResources(type);
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
/** CDK's own function that sets the evidence bucket's notification configuration at deploy. */
const isNotificationsHandler = (id: string) => id.startsWith('BucketNotificationsHandler');
/** The deploy-time custom resource that reads the checkpoint key for the LogKey output. */
const isVerifierKeyReader = (id: string) => id.startsWith('CheckpointVerifierKey');
const fnId = (fn: string) => logicalIdOf(stack.functions[fn] as never);
const roleId = (fn: string) => logicalIdOf((stack.functions[fn] as any).role);
/** The IAM policy statements attached to a function's role. */
const statementsOfRole = (role: string) =>
  Object.values(resources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
    .flatMap(
      (p) =>
        p.Properties.PolicyDocument.Statement as {
          Action: string | string[];
          Resource: unknown;
          Condition?: unknown;
        }[],
    );
const actionsOf = (statement: { Action: string | string[] }) =>
  ([] as string[]).concat(statement.Action);

describe('tables', () => {
  it('keeps both tables on demand, with point-in-time recovery, deletion protection and RETAIN', () => {
    const tables = resources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(2);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it('gives the Journal the keys and indexes the store uses', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: JOURNAL_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: JOURNAL_SCHEMA.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'byRef' }),
        Match.objectLike({ IndexName: 'byExternalRef' }),
      ]),
    });
  });
});

describe('functions and routes', () => {
  it('has one Node 22 arm64 function per function folder, with its log group kept 3 months', () => {
    const all = Object.entries(resources('AWS::Lambda::Function'));
    // Besides ours, only CDK's handler that sets the bucket's notifications when deploying.
    expect(all.filter(([id]) => isNotificationsHandler(id))).toHaveLength(1);
    const functions = all
      .filter(([id]) => !isNotificationsHandler(id) && !isVerifierKeyReader(id))
      .map(([, fn]) => fn);
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(fn.Properties.Environment.Variables).toMatchObject({
        JOURNAL_TABLE: { Ref: expect.any(String) },
        STATE_TABLE: { Ref: expect.any(String) },
      });
    }
    const retention = Object.values(resources('AWS::Logs::LogGroup')).map(
      (g) => g.Properties.RetentionInDays,
    );
    expect(retention.filter((days) => days === 90)).toHaveLength(FUNCTION_NAMES.length + 1);
  });

  it('routes every path to the function of its folder, staff routes behind the JWT authorizer', () => {
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));
    const integrations = resources('AWS::ApiGatewayV2::Integration');
    // Each GET route has a HEAD route beside it (HTTP API routes are per method).
    expect(routes).toHaveLength(ROUTES.length + ROUTES.filter((r) => r.method === 'GET').length);
    for (const spec of ROUTES) {
      const route = routes.find((r) => r.Properties.RouteKey === `${spec.method} ${spec.path}`);
      expect(route, `${spec.method} ${spec.path}`).toBeDefined();
      const target = route?.Properties.Target['Fn::Join'][1][1].Ref as string;
      const uri = JSON.stringify(integrations[target]?.Properties.IntegrationUri);
      expect(uri).toContain(logicalIdOf(stack.functions[spec.fn] as never));
      expect(route?.Properties.AuthorizationType).toBe(spec.auth ? 'JWT' : 'NONE');
    }
  });

  it('checks staff tokens against the Cognito user pool and its client', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('ConsoleClient') }],
        Issuer: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin' });
  });
});

describe('least privilege', () => {
  const journalId = logicalIdOf(stack.journal);
  const statements = Object.values(resources('AWS::IAM::Policy')).flatMap(
    (p) =>
      p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
  );

  it('never lets a function update or delete a Journal item', () => {
    const onJournal = statements.filter((s) => JSON.stringify(s.Resource).includes(journalId));
    expect(onJournal.length).toBeGreaterThan(0);
    for (const statement of onJournal) {
      const actions = ([] as string[]).concat(statement.Action);
      for (const forbidden of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:*', '*']) {
        expect(actions).not.toContain(forbidden);
      }
    }
  });

  it('grants no wildcard action and no wildcard resource on data', () => {
    // dynamodb:ListStreams (the export publisher's stream source) and X-Ray's two actions
    // (tracing) only exist on "*" in IAM.
    const onStar = ['dynamodb:ListStreams', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
    for (const statement of statements.filter(
      (s) => !([] as string[]).concat(s.Action).every((a) => onStar.includes(a)),
    )) {
      expect(([] as string[]).concat(statement.Action).some((a) => a.includes('*'))).toBe(false);
      expect(JSON.stringify(statement.Resource)).not.toMatch(/index\/\*|"\*"/);
    }
  });
});

describe('evidence and the console', () => {
  it('keeps receipts in a private, versioned, TLS-only bucket that functions reach by prefix only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'evidence/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    // CDK's notifications handler holds s3:PutBucketNotification on this bucket, checked below.
    const s3Statements = Object.entries(resources('AWS::IAM::Policy'))
      .filter(([, p]) => !JSON.stringify(p.Properties.Roles).includes('BucketNotificationsHandler'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
      .filter((st) => JSON.stringify(st.Action).includes('s3:'));
    for (const st of s3Statements) {
      for (const action of ([] as string[]).concat(st.Action)) {
        expect(['s3:GetObject', 's3:PutObject', 's3:ListBucket']).toContain(action);
      }
    }
  });

  it('signs staff in through the Cognito hosted UI, back to /console/callback', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [
        Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['/console/callback'])]) }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          USER_POOL_ID: Match.anyValue(),
          USER_POOL_CLIENT_ID: Match.anyValue(),
          COGNITO_DOMAIN: Match.anyValue(),
          EVIDENCE_BUCKET: Match.anyValue(),
        }),
      },
    });
  });
});

/** The functions whose role may read a secret whose ARN, rendered, contains `marker`. */
function secretReaders(marker: string): string[] {
  return FUNCTION_NAMES.filter((fn) =>
    statementsOfRole(roleId(fn)).some(
      (st) =>
        actionsOf(st).includes('secretsmanager:GetSecretValue') &&
        JSON.stringify(st.Resource).includes(marker),
    ),
  ).sort();
}

describe('Stripe keys', () => {
  it('lets only the functions that take cards read the Stripe secret, by name from the environment', () => {
    expect(secretReaders(`secret:${STRIPE_SECRET_NAME}`)).toEqual([...STRIPE_FUNCTIONS].sort());
    // Every secret a function reads is one of the three the stack knows.
    const bankSecret = logicalIdOf(stack.bankGatewaySecret);
    for (const fn of FUNCTION_NAMES) {
      for (const st of statementsOfRole(roleId(fn))) {
        if (!actionsOf(st).includes('secretsmanager:GetSecretValue')) continue;
        expect(JSON.stringify(st.Resource), fn).toMatch(
          new RegExp(`secret:${STRIPE_SECRET_NAME}|ManageLinkKey|${bankSecret}`),
        );
      }
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STRIPE_SECRET_ID: STRIPE_SECRET_NAME }) },
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no error once the acknowledged findings are set aside', () => {
    // Act: validation plugins run at synth and throw when a rule fails
    const { app } = synth(true);
    // Assess
    expect(() => app.synth()).not.toThrow();
  });

  it('gives every acknowledgement a reason a reviewer can check', () => {
    for (const { id, reason } of NAG_ACKNOWLEDGEMENTS) {
      expect(id).toMatch(/^AwsSolutions::AwsSolutions-/);
      expect(reason.length).toBeGreaterThan(60);
    }
  });
});

describe('where it deploys', () => {
  it('targets ap-southeast-1 even when the CDK CLI says us-east-1 for want of a profile', () => {
    // Act / Assess
    expect(deploymentEnv({ CDK_DEFAULT_REGION: 'us-east-1' }).region).toBe('ap-southeast-1');
    expect(deploymentEnv({ SOQUY_REGION: 'ap-southeast-2' }).region).toBe('ap-southeast-2');
    expect(deploymentEnv({ SOQUY_REGION: 'x' }, { region: 'ap-northeast-1' }).region).toBe(
      'ap-northeast-1',
    );
  });
});

describe('flat reads', () => {
  it('indexes the journal by month, so a statement reads only its period', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'byMonth',
          KeySchema: [
            { AttributeName: 'fundMonth', KeyType: 'HASH' },
            { AttributeName: 'seq', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });

  it('publishes exports from the journal stream with one publisher at a time', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
    const publisher = stack.getLogicalId(
      stack.functions['publish-exports']?.node.defaultChild as CfnElement,
    );
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: publisher },
      StartingPosition: 'TRIM_HORIZON',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ EXPORTS_BUCKET: Match.anyValue() }) },
    });
  });
});

describe('what a retry keeps', () => {
  it('lets DynamoDB expire idempotency records and gives the manage-link key only to what derives its tokens', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
    const withKey = Object.entries(stack.functions)
      .filter(([, fn]) => {
        const id = stack.getLogicalId(fn.node.defaultChild as CfnElement);
        return template.toJSON().Resources[id].Properties.Environment.Variables
          .MANAGE_LINK_SECRET_ID;
      })
      .map(([name]) => name)
      .sort();
    // pledges makes them; mail and the console's unpaid list link to pledge pages; unsubscribe
    // links are signed with the same key under their own label.
    expect(withKey).toEqual(['console', 'pledge-reminders', 'pledges', 'send-mail', 'unsubscribe']);
  });
});

describe('bank reconciliation', () => {
  const queueId = logicalIdOf(stack.statementQueue);
  const deadLettersId = logicalIdOf(stack.statementDeadLetters);
  const importer = resources('AWS::Lambda::Function')[fnId('import-statements')];
  const queue = resources('AWS::SQS::Queue')[queueId];
  /** Object ARNs in the bucket a function may use an action on, as `<prefix>*`. */
  const objectKeysFor = (fn: string, action: string) =>
    statementsOfRole(roleId(fn))
      .filter((st) => actionsOf(st).includes(action))
      .map((st) => JSON.stringify(st.Resource).match(/"\/([^"]*)"/)?.[1] ?? JSON.stringify(st));

  it('tells the statement queue about each new object under statements/, and of nothing else', () => {
    const notifications = Object.values(resources('Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.Properties).toMatchObject({
      BucketName: { Ref: logicalIdOf(stack.evidence) },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'statements/' }] } },
            QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ],
      },
    });
    expect(Object.keys(notifications[0]?.Properties.NotificationConfiguration)).toEqual([
      'QueueConfigurations',
    ]);
    // S3 may send to the queue only on behalf of the evidence bucket.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: {
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf(stack.evidence), 'Arn'] } },
            },
          }),
        ]),
      },
    });
  });

  it('keeps the queue encrypted and TLS-only, with a dead-letter queue after 5 receives', () => {
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    expect(resources('AWS::SQS::Queue')[deadLettersId]?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    for (const id of [queueId, deadLettersId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('hides a message for longer than the import may run, so no two importers share it', () => {
    expect(importer?.Properties.Timeout).toBe(15 * 60);
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThan(importer?.Properties.Timeout);
  });

  it('runs import-statements from the queue one message at a time, reporting failed items', () => {
    const mappings = Object.values(resources('AWS::Lambda::EventSourceMapping')).filter(
      (m) =>
        JSON.stringify(m.Properties.EventSourceArn) ===
        JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      FunctionName: { Ref: fnId('import-statements') },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(importer?.Properties).toMatchObject({
      MemorySize: 1024,
      Environment: {
        Variables: {
          STATEMENT_QUEUE_URL: { Ref: queueId },
          EVIDENCE_BUCKET: { Ref: logicalIdOf(stack.evidence) },
        },
      },
    });
  });

  it('lets only the importer take messages from the queue and send it continuations', () => {
    const onQueue = (action: string) =>
      FUNCTION_NAMES.filter((fn) =>
        statementsOfRole(roleId(fn)).some(
          (st) => actionsOf(st).includes(action) && JSON.stringify(st.Resource).includes(queueId),
        ),
      );
    expect(onQueue('sqs:ReceiveMessage')).toEqual(['import-statements']);
    expect(onQueue('sqs:DeleteMessage')).toEqual(['import-statements']);
    expect(onQueue('sqs:SendMessage')).toEqual(['import-statements']);
    const withUrl = FUNCTION_NAMES.filter(
      (fn) =>
        resources('AWS::Lambda::Function')[fnId(fn)]?.Properties.Environment.Variables
          .STATEMENT_QUEUE_URL,
    );
    expect(withUrl).toEqual(['import-statements']);
  });

  it('lets bank-webhooks, and only it, read the SePay and Casso keys', () => {
    const secretId = logicalIdOf(stack.bankGatewaySecret);
    expect(secretReaders(secretId)).toEqual(['bank-webhooks']);
    expect(BANK_GATEWAY_FUNCTIONS).toEqual(['bank-webhooks']);
    const withSecret = FUNCTION_NAMES.filter(
      (fn) =>
        resources('AWS::Lambda::Function')[fnId(fn)]?.Properties.Environment.Variables
          .BANK_GATEWAY_SECRET_ID,
    );
    expect(withSecret).toEqual(['bank-webhooks']);
    expect(
      resources('AWS::Lambda::Function')[fnId('bank-webhooks')]?.Properties.Environment.Variables
        .BANK_GATEWAY_SECRET_ID,
    ).toEqual({ Ref: secretId });
    // The secret is made with both keys, a random sepayApiKey and an empty cassoChecksumKey.
    const generated = resources('AWS::SecretsManager::Secret')[secretId]?.Properties
      .GenerateSecretString;
    expect({
      ...JSON.parse(generated.SecretStringTemplate),
      [generated.GenerateStringKey]: 'generated',
    }).toEqual({ sepayApiKey: 'generated', cassoChecksumKey: '' });
    template.hasOutput('BankGatewaySecretArn', {
      Value: { Ref: secretId },
      Description: Match.stringLikeRegexp('SePay.*Casso.*dashboards'),
    });
  });

  it('reaches statement files under statements/ only: the importer reads, bank-statements uploads', () => {
    expect(objectKeysFor('import-statements', 's3:GetObject')).toEqual(['statements/*']);
    expect(objectKeysFor('import-statements', 's3:PutObject')).toEqual([]);
    expect(objectKeysFor('bank-statements', 's3:PutObject')).toEqual(['statements/*']);
    expect(objectKeysFor('bank-statements', 's3:GetObject')).toEqual([]);
    expect(objectKeysFor('bank-webhooks', 's3:GetObject')).toEqual([]);
    // The console uploads and shows both receipts and statements.
    expect(objectKeysFor('console', 's3:PutObject').sort()).toEqual(['evidence/*', 'statements/*']);
    // No other function reaches statements/.
    const others = FUNCTION_NAMES.filter(
      (fn) => !['import-statements', 'bank-statements', 'console'].includes(fn),
    );
    for (const fn of others) {
      const keys = [...objectKeysFor(fn, 's3:GetObject'), ...objectKeysFor(fn, 's3:PutObject')];
      expect(keys, fn).not.toContain('statements/*');
    }
  });

  it('lets CDK set the bucket notifications on the evidence bucket alone, and nothing more', () => {
    const [id] = Object.keys(resources('AWS::IAM::Role')).filter(isNotificationsHandler);
    const statements = statementsOfRole(id as string);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:PutBucketNotification',
        Resource: { 'Fn::GetAtt': [logicalIdOf(stack.evidence), 'Arn'] },
      },
    ]);
  });
});

describe('transparency log', () => {
  const LOG_FUNCTIONS = [
    'fund-page',
    'pledges',
    'publish-exports',
    'statement-page',
    'transparency-log',
  ];
  const distribution = () => Object.values(resources('AWS::CloudFront::Distribution'));

  it('signs checkpoints with an Ed25519 KMS key that is kept, under an alias', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/soquy-checkpoint',
      TargetKeyId: { 'Fn::GetAtt': [logicalIdOf(stack.checkpointKey), 'Arn'] },
    });
  });

  it('tells exactly the functions that show, check or sign the key where it and the log are', () => {
    const withLog = FUNCTION_NAMES.filter((fn) => {
      const variables = resources('AWS::Lambda::Function')[fnId(fn)]?.Properties.Environment
        .Variables as Record<string, unknown>;
      return 'CHECKPOINT_KEY_ID' in variables;
    }).sort();
    expect(withLog).toEqual(LOG_FUNCTIONS);
    for (const fn of LOG_FUNCTIONS) {
      const variables =
        resources('AWS::Lambda::Function')[fnId(fn)]?.Properties.Environment.Variables;
      expect(variables, fn).toMatchObject({
        LOG_BUCKET: { Ref: logicalIdOf(stack.logBucket) },
        CHECKPOINT_KEY_ID: { 'Fn::GetAtt': [logicalIdOf(stack.checkpointKey), 'Arn'] },
        LOG_DEPLOYMENT: { 'Fn::GetAtt': [logicalIdOf(stack.distribution), 'DomainName'] },
      });
    }
  });

  it('gives kms:GetPublicKey to the functions that show the key and kms:Sign to publish-exports alone', () => {
    const keyArn = { 'Fn::GetAtt': [logicalIdOf(stack.checkpointKey), 'Arn'] };
    for (const fn of FUNCTION_NAMES) {
      const kmsActions = statementsOfRole(roleId(fn))
        .filter((s) => JSON.stringify(s.Resource) === JSON.stringify(keyArn))
        .flatMap(actionsOf)
        .sort();
      const expected = !LOG_FUNCTIONS.includes(fn)
        ? []
        : fn === 'publish-exports'
          ? ['kms:GetPublicKey', 'kms:Sign']
          : ['kms:GetPublicKey'];
      expect(kmsActions, fn).toEqual(expected);
    }
  });

  it('serves the API by default, with every viewer header but Host and every method', () => {
    const [site] = distribution();
    expect(distribution()).toHaveLength(1);
    const config = site?.Properties.DistributionConfig;
    const api = config.Origins.find(
      (o: any) => o.Id === config.DefaultCacheBehavior.TargetOriginId,
    );
    expect(JSON.stringify(api.DomainName)).toContain('.execute-api.');
    expect(api.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      // Cached only as the origin's Cache-Control says (see "public pages through CloudFront"),
      // and the managed AllViewerExceptHostHeader policy.
      CachePolicyId: { Ref: expect.stringMatching(/^PublicPagesCache/) },
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect([...config.DefaultCacheBehavior.AllowedMethods].sort()).toEqual(
      ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].sort(),
    );
  });

  it('serves checkpoints and tiles from the log bucket through Origin Access Control, read-only', () => {
    const config = distribution()[0]?.Properties.DistributionConfig;
    const behaviours = (config.CacheBehaviors as any[]).filter(
      (b) => b.TargetOriginId !== config.DefaultCacheBehavior.TargetOriginId,
    );
    expect(behaviours.map((b) => b.PathPattern).sort()).toEqual([
      '/funds/*/log/checkpoint',
      '/funds/*/log/tile/*',
    ]);
    for (const behaviour of behaviours) {
      const origin = config.Origins.find((o: any) => o.Id === behaviour.TargetOriginId);
      expect(origin.DomainName).toEqual({
        'Fn::GetAtt': [logicalIdOf(stack.logBucket), 'RegionalDomainName'],
      });
      expect(origin.OriginAccessControlId).toBeDefined();
      expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
      expect(behaviour.AllowedMethods).toEqual(['GET', 'HEAD']);
      // CachingOptimized: the objects' own Cache-Control decides (a year for a full tile).
      expect(behaviour.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6');
    }
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
  });

  it('keeps the log bucket private: only this distribution reads it, and only by TLS', () => {
    const bucket = logicalIdOf(stack.logBucket);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    const policies = Object.values(resources('AWS::S3::BucketPolicy')).filter(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucket }),
    );
    expect(policies).toHaveLength(1);
    const statements = (policies[0]?.Properties.PolicyDocument.Statement ?? []) as any[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: ['s3:GetObject', 's3:ListBucket'],
    });
    expect(JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(
      logicalIdOf(stack.distribution),
    );
  });

  it('publishes after at most a second of writes, so a fund gets at most a checkpoint a second', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId('publish-exports') },
      MaximumBatchingWindowInSeconds: 1,
    });
  });

  it('says where the public site and the logs are, and how to read the checkpoint key', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const text = (name: string) => JSON.stringify(outputs[name]?.Value);
    expect(text('PublicUrl')).toContain(logicalIdOf(stack.distribution));
    expect(text('LogUrlPattern')).toContain('/funds/{fundId}/log/checkpoint');
    expect(text('LogUrlPattern')).toContain('/funds/{fundId}/log/tile/');
    expect(text('CheckpointKeyUrl')).toMatch(/https:\/\/.*\/\.well-known\/soquy\/checkpoint-key/);
    expect(text('LogKey')).toContain('VerifierKey');
  });
});

describe('public pages through CloudFront (HEAD, compression, caching)', () => {
  const config = () =>
    Object.values(resources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig;
  /** A path a route answers, its parameters filled in, for matching against behaviours. */
  const examplePath = (path: string) => path.replace(/\{\w+\+?\}/g, 'x1');
  const behaviourFor = (path: string) =>
    (config().CacheBehaviors as any[]).find((b) => matchesPattern(b.PathPattern, path)) ??
    config().DefaultCacheBehavior;

  it('routes HEAD beside every GET, to the same function and behind the same authorizer', () => {
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));
    const byKey = (key: string) => routes.find((r) => r.Properties.RouteKey === key);
    for (const spec of ROUTES.filter((r) => r.method === 'GET')) {
      const get = byKey(`GET ${spec.path}`);
      const head = byKey(`HEAD ${spec.path}`);
      expect(head, `HEAD ${spec.path}`).toBeDefined();
      expect(head?.Properties.Target).toEqual(get?.Properties.Target);
      expect(head?.Properties.AuthorizationType).toBe(spec.auth ? 'JWT' : 'NONE');
    }
  });

  it('compresses and caches public pages and GET routes as their Cache-Control says, keyed by every query string', () => {
    const fallback = config().DefaultCacheBehavior;
    expect(fallback).toMatchObject({
      Compress: true,
      CachedMethods: ['GET', 'HEAD'],
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    const policies = resources('AWS::CloudFront::CachePolicy');
    const policy = policies[fallback.CachePolicyId.Ref]?.Properties.CachePolicyConfig;
    expect(policy).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
      },
    });
    expect(policy.MaxTTL).toBeGreaterThanOrEqual(86_400);
    for (const spec of ROUTES.filter((r) => r.method === 'GET' && !r.auth)) {
      const path = examplePath(spec.path);
      if (LOG_PATH_PATTERNS.some((pattern) => matchesPattern(pattern, path))) continue;
      expect(behaviourFor(path), spec.path).toBe(fallback);
    }
  });

  it('never caches the console or a staff GET route, and forwards their Authorization and cookies', () => {
    const staffReads = ROUTES.filter((r) => r.auth && r.method !== 'POST').map((r) => r.path);
    expect(staffReads.length).toBeGreaterThan(0);
    for (const path of [...staffReads.map(examplePath), '/console', '/console/f/x1/bank']) {
      expect(behaviourFor(path), path).toMatchObject({
        // The managed CachingDisabled and AllViewerExceptHostHeader policies.
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
        AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'POST']),
      });
    }
    // CloudFront's default quota is 25 behaviours a distribution.
    expect((config().CacheBehaviors as any[]).length).toBeLessThanOrEqual(25);
  });
});

describe('mail', () => {
  const sesStatements = (fn: string) =>
    statementsOfRole(roleId(fn)).filter((st) => actionsOf(st).some((a) => a.startsWith('ses:')));

  it('sends receipts from the Journal stream and approver notices from new disbursement keys on the State stream', () => {
    const mailer = fnId('send-mail');
    const tables = resources('AWS::DynamoDB::Table');
    for (const table of Object.values(tables)) {
      expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
    }
    const mappings = Object.values(resources('AWS::Lambda::EventSourceMapping')).filter(
      (m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: mailer }),
    );
    expect(mappings).toHaveLength(2);
    const filtered = mappings.find((m) => m.Properties.FilterCriteria);
    expect(JSON.parse(filtered?.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { Keys: { sk: { S: ['disbursement'] } } },
    });
    expect(JSON.stringify(filtered?.Properties.EventSourceArn)).toContain('State');
    expect(mappings.every((m) => m.Properties.BisectBatchOnFunctionError === true)).toBe(true);
  });

  it('runs the reminders every morning at 08:00 in Vietnam', () => {
    const rules = Object.values(resources('AWS::Events::Rule'));
    const daily = rules.find((r) => r.Properties.ScheduleExpression === 'cron(0 1 * * ? *)');
    expect(daily).toBeDefined();
    expect(JSON.stringify(daily?.Properties.Targets)).toContain(fnId('pledge-reminders'));
  });

  it('lets only the mail functions send, and only from the sender identity', () => {
    const senders = FUNCTION_NAMES.filter((fn) => sesStatements(fn).length > 0).sort();
    expect(senders).toEqual(['console', 'pledge-reminders', 'send-mail']);
    for (const fn of senders) {
      const [statement] = sesStatements(fn);
      expect(actionsOf(statement as never).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(JSON.stringify(statement?.Resource)).toContain(':identity/example.vn');
      expect(JSON.stringify(statement?.Resource)).not.toContain('*');
    }
  });

  it('takes the sender from the mailFrom context and links mail to the public address', () => {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [], mailFrom: 'Quỹ Pú Trạng <quy@putrang.vn>' },
    });
    const custom = new SoquyStack(app, 'Custom', {
      env: { account: '111111111111', region: 'ap-southeast-1' },
    });
    const json = Template.fromStack(custom).toJSON();
    const id = custom.getLogicalId(custom.functions['send-mail']?.node.defaultChild as CfnElement);
    const env = json.Resources[id].Properties.Environment.Variables;
    expect(env.MAIL_FROM).toBe('Quỹ Pú Trạng <quy@putrang.vn>');
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain('PublicSite');
    expect(env.SMTP_URL).toBeUndefined();
    expect(JSON.stringify(json)).toContain(':identity/putrang.vn');
  });
});

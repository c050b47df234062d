import { App, type CfnElement, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, ROUTES } from '../../functions/routes.ts';
import { JOURNAL_SCHEMA } from '../../packages/store/src/schema.ts';
import { deploymentEnv } from '../lib/deployment.ts';
import { STRIPE_FUNCTIONS } from '../lib/function-access.ts';
import { NAG_ACKNOWLEDGEMENTS, SoquyStack, STRIPE_SECRET_NAME } from '../lib/soquy-stack.ts';

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
    const functions = Object.values(resources('AWS::Lambda::Function'));
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
    expect(routes).toHaveLength(ROUTES.length);
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
    // dynamodb:ListStreams (the export publisher's stream source) only exists on "*" in IAM.
    for (const statement of statements.filter((s) => s.Action !== 'dynamodb:ListStreams')) {
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
    const s3Statements = Object.values(resources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
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

describe('Stripe keys', () => {
  it('lets only the functions that take cards read the Stripe secret, by name from the environment', () => {
    const policies = Object.entries(resources('AWS::IAM::Policy'));
    const readers = policies
      .filter(([, p]) =>
        JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'),
      )
      .map(([, p]) => JSON.stringify(p.Properties.Roles));
    expect(readers).toHaveLength(STRIPE_FUNCTIONS.length);
    for (const fn of FUNCTION_NAMES) {
      const role = logicalIdOf((stack.functions[fn] as any).role);
      expect(readers.some((r) => r.includes(role))).toBe(STRIPE_FUNCTIONS.includes(fn));
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
  it('lets DynamoDB expire idempotency records and gives only pledge makers the manage-link key', () => {
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
    expect(withKey).toEqual(['pledges']);
  });
});

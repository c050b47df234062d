import { isDeepStrictEqual } from 'node:util';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/routes.ts';
import { STATE_TTL_ATTRIBUTE } from '../../packages/store/src/schema.ts';
import { DAILY_BACKUP_DAYS, MONTHLY_BACKUP_DAYS } from '../lib/backup.ts';
import { IMPORT_STUCK_MINUTES, MAX_METRICS_PER_ALARM } from '../lib/monitoring.ts';
import { addSoquyStacks } from '../lib/soquy-app.ts';
import { SoquyStack } from '../lib/soquy-stack.ts';

/** The most resources the main stack may have (CloudFormation refuses more than 500 a stack). */
const MAIN_STACK_BUDGET = 440;

/**
 * Synthesises without bundling (esbuild runs in `npm run synth`, not in every test): the main
 * stack's template and that of its Operations nested stack (alarms, dashboard, backups).
 */
function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new SoquyStack(app, 'Soquy', {
    env: { account: '111111111111', region: 'ap-southeast-1' },
  });
  return {
    stack,
    template: Template.fromStack(stack),
    operations: Template.fromStack(stack.operations),
  };
}

const { stack, template, operations } = synth({ alarmEmail: 'ops@example.vn' });
const json = template.toJSON();
const nested = operations.toJSON();
const resourcesIn = (of: any, type: string) =>
  Object.entries(of.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
/** Resources of the main stack. */
const resources = (type: string) => resourcesIn(json, type);
/** Resources of the Operations nested stack. */
const nestedResources = (type: string) => resourcesIn(nested, type);
const logicalIdIn =
  (owner: Stack) =>
  (construct: { node: { defaultChild?: unknown } }): string =>
    owner.getLogicalId(construct.node.defaultChild as CfnElement);
/** A resource's logical id in the main stack. */
const idOf = logicalIdIn(stack);
/** A resource's logical id in the Operations nested stack. */
const nestedIdOf = logicalIdIn(stack.operations);
const operationsId = stack.getLogicalId(stack.operations.nestedStackResource as CfnElement);
/**
 * How the nested template reads a value of the main stack (a function name, a queue name): a
 * parameter the main stack sets to exactly that value. So an alarm on `fromParent(x)` watches x.
 */
const fromParent = (value: unknown) => {
  const passed = json.Resources[operationsId].Properties.Parameters as Record<string, unknown>;
  const names = Object.keys(passed).filter((name) => isDeepStrictEqual(passed[name], value));
  expect(names, JSON.stringify(value)).toHaveLength(1);
  return { Ref: names[0] };
};
const topicId = nestedIdOf(stack.operations.monitoring.topic);
const alarms = nestedResources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
/** The alarm whose description starts with these words. */
const alarmSaying = (start: string) => {
  const found = alarms.filter((a) => String(a.AlarmDescription).startsWith(start));
  expect(found, start).toHaveLength(1);
  return found[0];
};
/** The metrics a (math) alarm reads, as {namespace, name, dimensions}. */
const metricsOf = (alarm: any) =>
  (alarm.Metrics ?? [{ MetricStat: { Metric: alarm } }])
    .filter((m: any) => m.MetricStat)
    .map((m: any) => ({
      namespace: m.MetricStat.Metric.Namespace,
      name: m.MetricStat.Metric.MetricName,
      dimensions: m.MetricStat.Metric.Dimensions,
    }));

describe('alarms', () => {
  it('sends every alarm, and its return to OK, to the alarm topic', () => {
    // Assess
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
      expect(String(alarm.AlarmDescription).length).toBeGreaterThan(80);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
  });

  it('watches errors and throttles of every function, at most 10 metrics an alarm', () => {
    // Prepare
    const functionIds = FUNCTION_NAMES.map(
      (fn) => fromParent({ Ref: idOf(stack.functions[fn] as never) }).Ref,
    );
    const watched = (metricName: string) =>
      alarms.flatMap((alarm) =>
        metricsOf(alarm)
          .filter((m: any) => m.namespace === 'AWS/Lambda' && m.name === metricName)
          .map((m: any) => m.dimensions[0].Value.Ref),
      );
    // Assess
    expect(watched('Errors').sort()).toEqual([...functionIds].sort());
    expect(watched('Throttles').sort()).toEqual([...functionIds].sort());
    for (const alarm of alarms.filter((a) => a.Metrics)) {
      expect(metricsOf(alarm).length).toBeLessThanOrEqual(MAX_METRICS_PER_ALARM);
      const expression = alarm.Metrics.find((m: any) => m.ReturnData !== false);
      expect(expression.Expression).toBe('SUM(FILL(METRICS(), 0))');
    }
    const errors = alarms.filter((a) => String(a.AlarmDescription).includes('Lambda errors'));
    expect(errors.length).toBe(Math.ceil(FUNCTION_NAMES.length / MAX_METRICS_PER_ALARM));
    expect(errors.every((a) => a.Threshold === 3)).toBe(true);
  });

  it('watches DynamoDB throttles (table and indexes) and transaction conflicts of both tables', () => {
    // Prepare
    const tables = { Journal: idOf(stack.journal), State: idOf(stack.state) };
    for (const [name, id] of Object.entries(tables)) {
      // Act
      const throttles = metricsOf(alarmSaying(`The ${name} table throttled`));
      const conflicts = metricsOf(alarmSaying(`The ${name} table refused`));
      // Assess
      expect(new Set(throttles.map((m: any) => m.name))).toEqual(
        new Set(['ReadThrottleEvents', 'WriteThrottleEvents']),
      );
      const tableOf = (m: any) => m.dimensions.find((d: any) => d.Name === 'TableName').Value;
      expect(
        throttles.every((m: any) => isDeepStrictEqual(tableOf(m), fromParent({ Ref: id }))),
      ).toBe(true);
      // The Journal's three indexes, the State table's one, each read and write, plus the table.
      expect(throttles).toHaveLength(name === 'Journal' ? 8 : 4);
      expect(conflicts).toEqual([
        {
          namespace: 'AWS/DynamoDB',
          name: 'TransactionConflict',
          dimensions: [{ Name: 'TableName', Value: fromParent({ Ref: id }) }],
        },
      ]);
    }
  });

  it('alarms on webhook failures and on a reported fork, from the app metrics', () => {
    // Assess
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Soquy',
      MetricName: 'WebhookFailures',
      Dimensions: [{ Name: 'service', Value: 'soquy' }],
      Statistic: 'Sum',
      Period: 900,
      Threshold: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Soquy',
      MetricName: 'ForkReported',
      Dimensions: [{ Name: 'service', Value: 'soquy' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmDescription: Match.stringLikeRegexp('fork'),
    });
  });

  it(`calls an import stuck after ${IMPORT_STUCK_MINUTES} minutes, and alarms on its first dead letter`, () => {
    // Assess
    const stuck = alarmSaying('A bank statement import');
    expect(stuck).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: fromParent({ 'Fn::GetAtt': [idOf(stack.statementQueue), 'QueueName'] }),
        },
      ],
      Threshold: IMPORT_STUCK_MINUTES * 60,
    });
    expect(stuck.AlarmDescription).toContain(`${IMPORT_STUCK_MINUTES} minutes`);
    expect(alarmSaying('The importer gave up')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: fromParent({ 'Fn::GetAtt': [idOf(stack.statementDeadLetters), 'QueueName'] }),
        },
      ],
      Threshold: 1,
    });
  });

  it('alarms as soon as a stream batch lands on a stream failure queue', () => {
    for (const fn of ['publish-exports', 'send-mail']) {
      const queue = stack.streamFailures[fn];
      expect(queue, fn).toBeDefined();
      operations.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: fromParent({ 'Fn::GetAtt': [idOf(queue as never), 'QueueName'] }),
          },
        ],
        Threshold: 1,
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });
});

describe('the alarm topic', () => {
  it('is encrypted with its own key CloudWatch may use, TLS only, and mails the alarmEmail', () => {
    // Assess
    operations.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }),
    });
    operations.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    operations.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    operations.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.vn',
      TopicArn: { Ref: topicId },
    });
  });

  it('has no subscription when no alarmEmail is given', () => {
    // Act
    const { operations: plain } = synth();
    // Assess
    plain.resourceCountIs('AWS::SNS::Subscription', 0);
    plain.resourceCountIs('AWS::SNS::Topic', 1);
  });

  it('says where the topic and the dashboard are, in outputs of the main stack', () => {
    // Prepare
    const fromOperations = (output: string) => {
      const [id, attribute] = json.Outputs[output].Value['Fn::GetAtt'];
      expect(id).toBe(operationsId);
      return nested.Outputs[attribute.replace(/^Outputs\./, '')].Value;
    };
    const [[, dashboard]] = nestedResources('AWS::CloudWatch::Dashboard') as [[string, any]];
    // Assess
    expect(fromOperations('AlarmTopicArn')).toEqual({ Ref: topicId });
    expect(dashboard.Properties.DashboardName).toBe('Soquy-operations');
    expect(json.Outputs.DashboardUrl.Value).toBe(
      'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards/dashboard/Soquy-operations',
    );
  });
});

describe('the dashboard', () => {
  it('shows the alarmed signals and the app, API and CloudFront metrics', () => {
    // Prepare
    const [[, dashboard]] = nestedResources('AWS::CloudWatch::Dashboard') as [[string, any]];
    // Act
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    // Assess
    for (const signal of [
      'Appends',
      'Rejections',
      'WebhookDeliveries',
      'WebhookFailures',
      'ImportLinesPerSecond',
      'ForkReported',
      'TransactionConflict',
      'ReadThrottleEvents',
      'ApproximateAgeOfOldestMessage',
      'AWS/ApiGateway',
      '4xx',
      '5xx',
      'Latency',
      'AWS/CloudFront',
      'Requests',
      '5xxErrorRate',
    ]) {
      expect(body, signal).toContain(signal);
    }
  });
});

describe('stream failures', () => {
  it('sends a batch publish-exports or send-mail gave up on to an encrypted, TLS-only queue kept 14 days', () => {
    for (const fn of ['publish-exports', 'send-mail']) {
      // Prepare
      const queueId = idOf(stack.streamFailures[fn] as never);
      const mappings = resources('AWS::Lambda::EventSourceMapping').filter(
        ([, m]) => m.Properties.FunctionName.Ref === idOf(stack.functions[fn] as never),
      );
      // Assess
      expect(mappings.length).toBe(fn === 'send-mail' ? 2 : 1);
      for (const [, mapping] of mappings) {
        expect(mapping.Properties.DestinationConfig).toEqual({
          OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        });
      }
      expect(json.Resources[queueId].Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
      const policy = resources('AWS::SQS::QueuePolicy').find(([, p]) =>
        JSON.stringify(p.Properties.Queues).includes(queueId),
      );
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain(
        '"aws:SecureTransport":"false"',
      );
      // The function may send its failure records there, and nothing else may.
      const senders = resources('AWS::IAM::Policy').filter(([, p]) =>
        p.Properties.PolicyDocument.Statement.some(
          (s: any) =>
            [].concat(s.Action).includes('sqs:SendMessage' as never) &&
            JSON.stringify(s.Resource).includes(queueId),
        ),
      );
      expect(senders).toHaveLength(1);
      expect(JSON.stringify(senders[0]?.[1].Properties.Roles)).toContain(
        stack.getLogicalId((stack.functions[fn] as any).role.node.defaultChild),
      );
    }
  });
});

describe('backups and expiry', () => {
  it('backs up daily for 35 days and monthly for 365 days into a kept vault', () => {
    // Assess
    operations.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([
          Match.objectLike({
            RuleName: 'Daily',
            ScheduleExpression: 'cron(0 18 * * ? *)',
            Lifecycle: { DeleteAfterDays: DAILY_BACKUP_DAYS },
          }),
          Match.objectLike({
            RuleName: 'Monthly',
            ScheduleExpression: 'cron(0 18 1 * ? *)',
            Lifecycle: { DeleteAfterDays: MONTHLY_BACKUP_DAYS },
          }),
        ]),
      },
    });
    expect([DAILY_BACKUP_DAYS, MONTHLY_BACKUP_DAYS]).toEqual([35, 365]);
    const [[, vault]] = nestedResources('AWS::Backup::BackupVault') as [[string, any]];
    expect(vault.DeletionPolicy).toBe('Retain');
    // Nobody deletes a recovery point before its time.
    expect(JSON.stringify(vault.Properties.AccessPolicy)).toContain('backup:DeleteRecoveryPoint');
    expect(vault.Properties.Notifications).toMatchObject({
      BackupVaultEvents: ['BACKUP_JOB_FAILED', 'BACKUP_JOB_EXPIRED'],
      SNSTopicArn: { Ref: topicId },
    });
  });

  it('selects both tables and the versioned evidence bucket, with a role that may back up S3', () => {
    // Prepare
    const [[, selection]] = nestedResources('AWS::Backup::BackupSelection') as [[string, any]];
    // Assess
    expect(selection.Properties.BackupSelection.Resources).toEqual(
      [stack.journal, stack.state, stack.evidence].map((data) =>
        fromParent({ 'Fn::GetAtt': [idOf(data), 'Arn'] }),
      ),
    );
    expect(selection.Properties.BackupSelection.SelectionName).toBe('Soquy-data');
    expect(json.Resources[idOf(stack.evidence)].Properties.VersioningConfiguration).toEqual({
      Status: 'Enabled',
    });
    const roleId = selection.Properties.BackupSelection.IamRoleArn['Fn::GetAtt'][0];
    const policies = JSON.stringify(nested.Resources[roleId].Properties.ManagedPolicyArns);
    for (const name of [
      'AWSBackupServiceRolePolicyForS3Backup',
      'AWSBackupServiceRolePolicyForS3Restore',
    ]) {
      expect(policies).toContain(name);
    }
  });

  it('keeps point-in-time recovery on both tables and expires State items by TTL', () => {
    // Assess
    for (const table of [stack.journal, stack.state]) {
      expect(json.Resources[idOf(table)].Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    }
    expect(json.Resources[idOf(stack.state)].Properties.TimeToLiveSpecification).toEqual({
      AttributeName: STATE_TTL_ATTRIBUTE,
      Enabled: true,
    });
    // Nothing the journal cites expires: the Journal has no TTL at all.
    expect(json.Resources[idOf(stack.journal)].Properties.TimeToLiveSpecification).toBeUndefined();
  });
});

describe('CloudFormation limits', () => {
  const count = (template: any) => Object.keys(template.Resources).length;
  /**
   * The main stack as `cdk synth` builds it (infra/bin/app.ts): with SoquyEdge's cross-region
   * reader and CDK's metadata resource, which count towards the 500 too.
   */
  const deployed = (() => {
    const app = new App({ analyticsReporting: true, context: { 'aws:cdk:bundling-stacks': [] } });
    const { main } = addSoquyStacks(app, { CDK_DEFAULT_ACCOUNT: '111111111111' });
    return count(Template.fromStack(main).toJSON());
  })();

  it(`keeps the main stack at ${deployed} resources, at most ${MAIN_STACK_BUDGET} of 500`, () => {
    // Assess
    expect(
      deployed,
      `main stack: ${deployed} resources; CloudFormation allows 500, we keep room for growth`,
    ).toBeLessThanOrEqual(MAIN_STACK_BUDGET);
  });

  it(`puts alarms, the dashboard and backups (${count(nested)} resources) in the Operations nested stack`, () => {
    // Assess
    expect(json.Resources[operationsId].Type).toBe('AWS::CloudFormation::Stack');
    expect(resources('AWS::CloudFormation::Stack')).toHaveLength(1);
    for (const type of [
      'AWS::CloudWatch::Alarm',
      'AWS::CloudWatch::Dashboard',
      'AWS::SNS::Topic',
      'AWS::Backup::BackupVault',
      'AWS::Backup::BackupPlan',
      'AWS::Backup::BackupSelection',
    ]) {
      expect(resources(type), type).toHaveLength(0);
      expect(nestedResources(type).length, type).toBeGreaterThan(0);
    }
    expect(count(nested)).toBeLessThan(500);
    // CloudFormation allows 200 parameters a template.
    expect(Object.keys(nested.Parameters).length).toBeLessThanOrEqual(200);
  });
});

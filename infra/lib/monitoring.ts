import { JOURNAL_SCHEMA, STATE_SCHEMA } from '@soquy/store';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The application's own metrics (Powertools EMF), each with the dimension service=soquy. */
export const METRICS_NAMESPACE = 'Soquy';
export const SERVICE_DIMENSION = { service: 'soquy' } as const;

/** A statement import whose oldest message is older than this is stuck (an import takes ≤ 15). */
export const IMPORT_STUCK_MINUTES = 30;

/** CloudWatch refuses a metric-math alarm that reads more than 10 metrics (a hard limit). */
export const MAX_METRICS_PER_ALARM = 10;

/** Every alarm looks at windows of this length. */
const PERIOD = Duration.minutes(5);

/** What one alarm watches and what whoever receives it should do. */
interface AlarmSpec {
  id: string;
  metric: IMetric;
  threshold: number;
  description: string;
  /** Consecutive periods over the threshold before it fires (1 unless said). */
  periods?: number;
}

/** What the alarms and the dashboard watch (the SoquyStack has all of it). */
export interface Watched {
  functions: Record<string, IFunction>;
  journal: Table;
  state: Table;
  statementQueue: Queue;
  statementDeadLetters: Queue;
  /** Stream batches a function gave up on, by function name. */
  streamFailures: Record<string, Queue>;
  distribution: Distribution;
}

export interface MonitoringProps {
  watched: Watched;
  api: IHttpApi;
  /** `-c alarmEmail=…`: subscribed to every alarm; none when absent. */
  alarmEmail?: string | undefined;
  /** The application stack's name: the dashboard is `<name>-operations`. */
  name: string;
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

/** The sum of up to 10 metrics as one time series; a metric with no data counts as 0. */
function sumOf(metrics: IMetric[], label: string): MathExpression {
  if (metrics.length > MAX_METRICS_PER_ALARM) {
    throw new Error(`${label}: ${metrics.length} metrics, an alarm may read at most 10`);
  }
  return new MathExpression({
    expression: 'SUM(FILL(METRICS(), 0))',
    usingMetrics: Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric])),
    label,
    period: PERIOD,
  });
}

const appMetric = (metricName: string, statistic = 'Sum', period = PERIOD) =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { ...SERVICE_DIMENSION },
    statistic,
    period,
  });

/**
 * Alarms and a dashboard for soquy, all sent to one SNS topic (alarm and back to OK). Lambda
 * errors and throttles are summed ten functions an alarm (CloudWatch's limit for metric math),
 * which keeps the alarms few; the dashboard shows which function it was. It lives in the
 * Operations nested stack (operations.ts), whose outputs give the topic and the dashboard.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  /** As given, not a reference, so that the parent stack's DashboardUrl output can spell it. */
  readonly dashboardName: string;

  constructor(
    scope: Construct,
    id: string,
    { watched: props, api, alarmEmail, name }: MonitoringProps,
  ) {
    super(scope, id);
    const stack = Stack.of(this);

    // CloudWatch cannot publish to a topic under the AWS managed SNS key, so the topic has its own.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'soquy: encrypts the alarm notifications topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: 'soquy alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
        },
      }),
    );
    if (alarmEmail) this.topic.addSubscription(new EmailSubscription(alarmEmail));

    const functions = Object.entries(props.functions);
    const specs: AlarmSpec[] = [
      ...chunks(functions, MAX_METRICS_PER_ALARM).flatMap((group, i): AlarmSpec[] => {
        const names = group.map(([name]) => name).join(', ');
        return [
          {
            id: `LambdaErrors${i + 1}`,
            metric: sumOf(
              group.map(([, fn]) => fn.metricErrors({ period: PERIOD })),
              `Errors: ${names}`,
            ),
            threshold: 3,
            description: `3 or more Lambda errors in 5 minutes among: ${names}. Open the soquy dashboard (Lambda errors by function) to see which, then that function's logs (Lambda console, Monitor, View CloudWatch logs) for the stack trace; stream functions retry their batch, so fix the cause before the retries run out.`,
          },
          {
            id: `LambdaThrottles${i + 1}`,
            metric: sumOf(
              group.map(([, fn]) => fn.metricThrottles({ period: PERIOD })),
              `Throttles: ${names}`,
            ),
            threshold: 5,
            periods: 2,
            description: `Lambda throttled 5 or more invocations in each of two 5-minute windows among: ${names}. Requests are being refused: check the dashboard for which function, then the account's concurrency quota (Service Quotas, Lambda concurrent executions) or a flood of requests (WAF and API Gateway throttling).`,
          },
        ];
      }),
      ...(
        [
          ['Journal', props.journal],
          ['State', props.state],
        ] as const
      ).flatMap(([name, table]): AlarmSpec[] => [
        {
          id: `${name}Throttles`,
          metric: sumOf(throttleEventsOf(table, name), `${name} throttle events`),
          threshold: 5,
          description: `The ${name} table throttled 5 or more reads or writes in 5 minutes (table and its indexes). On-demand tables throttle when traffic more than doubles its previous peak: check the dashboard for what grew (a spam run, an import), and the table's account quotas.`,
        },
        {
          id: `${name}TransactionConflicts`,
          metric: table.metric('TransactionConflict', { statistic: 'Sum', period: PERIOD }),
          threshold: 10,
          periods: 2,
          description: `The ${name} table refused 10 or more writes for a concurrent transaction in each of two 5-minute windows. Appends to one fund are serialised, so a few are normal under load; a sustained run means many writers on the same fund (an import and webhooks at once, or a retry loop): check the dashboard's Appends and the functions' logs.`,
        },
      ]),
      {
        id: 'WebhookFailures',
        metric: appMetric('WebhookFailures', 'Sum', Duration.minutes(15)),
        threshold: 3,
        description:
          '3 or more payment webhooks (Stripe, SePay, Casso) were rejected or failed in 15 minutes, so payments may be missing from the journal. Check the dashboard (webhook deliveries by source and outcome), the bank-webhooks or stripe-webhook logs, and the keys in the gateway secret; the gateways retry, so a fixed cause catches up.',
      },
      {
        id: 'StatementImportStuck',
        metric: props.statementQueue.metricApproximateAgeOfOldestMessage({
          statistic: 'Maximum',
          period: PERIOD,
        }),
        threshold: IMPORT_STUCK_MINUTES * 60,
        description: `A bank statement import has waited or run for more than ${IMPORT_STUCK_MINUTES} minutes (oldest message on the statement import queue); an import normally ends within 15. Read the import-statements logs for the statement id and the error, then fix the file or the cause; the message is retried 5 times before it goes to the dead-letter queue.`,
      },
      {
        id: 'StatementImportDeadLetters',
        metric: props.statementDeadLetters.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: PERIOD,
        }),
        threshold: 1,
        description:
          'The importer gave up on a bank statement after 5 attempts: its message is on the statement import dead-letter queue (output StatementImportDeadLetterQueueUrl). Read the message (it names the statement), the import-statements logs for why, fix it, and upload the statement again; delete the message once done.',
      },
      {
        id: 'ForkReported',
        metric: appMetric('ForkReported'),
        threshold: 1,
        description:
          'A witness proved a fork of a fund transparency log: two different checkpoints signed with the checkpoint key for the same size. Treat it as an incident: stop publishing (set publish-exports reserved concurrency to 0), keep the fork report (GET /funds/{fundId}/log/fork-reports), and find who could sign (CloudTrail kms:Sign on the checkpoint key).',
      },
      ...Object.entries(props.streamFailures).map(
        ([fn, queue]): AlarmSpec => ({
          id: `${fn.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}StreamFailures`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            period: PERIOD,
          }),
          threshold: 1,
          description:
            fn === 'publish-exports'
              ? 'publish-exports gave up on a Journal stream batch after its retries; the message on its stream failure queue names the shard and sequence numbers. A fund log and exports stay behind until the cause is fixed (publish-exports logs); the next entry of the fund publishes everything up to its head. Delete the message once published.'
              : `${fn} gave up on a stream batch after its retries; the message on its stream failure queue names the shard and sequence numbers. Receipts or approver notices of those entries were not sent: read the ${fn} logs (SMTP or SES errors), fix, and resend by hand the notices the logs name. Delete the message once done.`,
        }),
      ),
    ];

    const action = new SnsAction(this.topic);
    for (const spec of specs) {
      const alarm = new Alarm(this, spec.id, {
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: spec.periods ?? 1,
        datapointsToAlarm: spec.periods ?? 1,
        // Custom and queue metrics are absent when nothing happens: that is not a problem.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: spec.description,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    }

    this.dashboardName = `${name}-operations`;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.hours(6),
    });
    const perFunction = (metric: (fn: IFunction) => Metric) =>
      functions.map(([name, fn]) => metric(fn).with({ label: name }));
    const graph = (title: string, left: IMetric[], width = 8) =>
      new GraphWidget({ title, left, width, height: 6 });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# soquy operations\nEvery alarm below also mails the alarm topic. Statement imports are stuck after ${IMPORT_STUCK_MINUTES} minutes.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Appends (journal entries)', [appMetric('Appends')]),
      graph('Rejections (4xx, by code)', [
        new MathExpression({
          expression: `SEARCH('{${METRICS_NAMESPACE},code,service} MetricName="Rejections"', 'Sum', 300)`,
          label: 'by code',
          period: PERIOD,
        }),
        appMetric('Rejections').with({ label: 'all' }),
      ]),
      graph('Webhook deliveries (by source, outcome)', [
        new MathExpression({
          expression: `SEARCH('{${METRICS_NAMESPACE},outcome,service,source} MetricName="WebhookDeliveries"', 'Sum', 300)`,
          label: 'deliveries',
          period: PERIOD,
        }),
        appMetric('WebhookFailures').with({ label: 'failures (alarmed)' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Import lines per second', [appMetric('ImportLinesPerSecond', 'Maximum')]),
      graph('Statement imports: oldest message (s), dead letters', [
        props.statementQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum' }),
        props.statementDeadLetters.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          label: 'dead letters',
        }),
      ]),
      graph('Forks reported, stream failures', [
        appMetric('ForkReported').with({ label: 'forks reported' }),
        ...Object.entries(props.streamFailures).map(([fn, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            label: `${fn} stream failures`,
          }),
        ),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Lambda errors by function',
        perFunction((fn) => fn.metricErrors()),
        12,
      ),
      graph(
        'Lambda throttles by function',
        perFunction((fn) => fn.metricThrottles()),
        12,
      ),
    );
    this.dashboard.addWidgets(
      graph('DynamoDB throttle events', [
        ...throttleEventsOf(props.journal, 'Journal').map((m) =>
          m.with({ label: `Journal ${m.label}` }),
        ),
        ...throttleEventsOf(props.state, 'State').map((m) => m.with({ label: `State ${m.label}` })),
      ]),
      graph('DynamoDB transaction conflicts', [
        props.journal.metric('TransactionConflict', { statistic: 'Sum', label: 'Journal' }),
        props.state.metric('TransactionConflict', { statistic: 'Sum', label: 'State' }),
      ]),
      graph('API Gateway 4xx, 5xx', [
        api.metricClientError({ label: '4xx' }),
        api.metricServerError({ label: '5xx' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('API Gateway latency (p50, p99, ms)', [
        api.metricLatency({ statistic: 'p50', label: 'p50' }),
        api.metricLatency({ statistic: 'p99', label: 'p99' }),
      ]),
      graph('CloudFront requests', [props.distribution.metricRequests({ statistic: 'Sum' })]),
      graph('CloudFront error rate (%)', [
        props.distribution.metric4xxErrorRate({ label: '4xx' }),
        props.distribution.metric5xxErrorRate({ label: '5xx' }),
      ]),
    );
  }
}

/** The global secondary indexes of each table, as the store declares them. */
const INDEXES: Record<string, string[]> = {
  Journal: Object.values(JOURNAL_SCHEMA.indexes).map((index) => index.name),
  State: Object.values(STATE_SCHEMA.indexes).map((index) => index.name),
};

/** Read and write throttle events of a table and of each of its global secondary indexes. */
function throttleEventsOf(table: Table, name: keyof typeof INDEXES): Metric[] {
  const scopes: Record<string, string>[] = [
    { TableName: table.tableName },
    ...(INDEXES[name] ?? []).map((index) => ({
      TableName: table.tableName,
      GlobalSecondaryIndexName: index,
    })),
  ];
  return scopes.flatMap((dimensionsMap) =>
    ['ReadThrottleEvents', 'WriteThrottleEvents'].map(
      (metricName) =>
        new Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap,
          statistic: 'Sum',
          period: PERIOD,
          label: `${dimensionsMap.GlobalSecondaryIndexName ?? 'table'} ${metricName}`,
        }),
    ),
  );
}

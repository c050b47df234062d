import { CfnOutput, NestedStack, type Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Backups, type BackupsProps } from './backup.ts';
import { Monitoring, type Watched } from './monitoring.ts';

export interface OperationsProps {
  watched: Watched;
  api: IHttpApi;
  /** What AWS Backup keeps: the tables and the evidence bucket. */
  data: BackupsProps['data'];
  /** `-c alarmEmail=…`: subscribed to every alarm; none when absent. */
  alarmEmail?: string | undefined;
}

/**
 * Alarms, the dashboard and AWS Backup in a nested stack of SoquyStack: CloudFormation allows
 * 500 resources a stack and the application's functions, routes and permissions need most of
 * them. What they watch (functions, tables, queues, the API, the distribution) stays in the
 * parent and reaches this stack as parameters; `npx cdk deploy` deploys both as one.
 */
export class Operations extends NestedStack {
  readonly monitoring: Monitoring;
  readonly backups: Backups;

  constructor(scope: Stack, id: string, { watched, api, data, alarmEmail }: OperationsProps) {
    super(scope, id, {
      description: `${scope.stackName} operations: alarms, the operations dashboard, AWS Backup`,
    });
    // Resources named after the stack take the parent's name: the nested stack's own is long and
    // generated (a backup selection name may have at most 50 characters).
    const name = scope.stackName;
    this.monitoring = new Monitoring(this, 'Monitoring', { watched, api, alarmEmail, name });
    this.backups = new Backups(this, 'Backups', { data, notify: this.monitoring.topic, name });

    // Outputs of the parent, so that `npx cdk deploy` prints them (a nested stack's are not).
    new CfnOutput(scope, 'AlarmTopicArn', {
      value: this.monitoring.topic.topicArn,
      description:
        'Every alarm and failed backup is sent here; subscribe with -c alarmEmail=… or in the SNS console',
    });
    new CfnOutput(scope, 'DashboardUrl', {
      value: dashboardUrl(scope.region, this.monitoring.dashboardName),
      description: 'The operations dashboard in the CloudWatch console',
    });
  }
}

/** A dashboard in the CloudWatch console. */
export function dashboardUrl(region: string, dashboardName: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${dashboardName}`;
}

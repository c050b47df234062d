import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  BackupPlan,
  BackupPlanRule,
  BackupResource,
  BackupVault,
  BackupVaultEvents,
} from 'aws-cdk-lib/aws-backup';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Retention the README states: a daily backup kept 35 days, a monthly one kept a year. */
export const DAILY_BACKUP_DAYS = 35;
export const MONTHLY_BACKUP_DAYS = 365;

/** The service role policies AWS Backup needs to back up and restore the tables and the bucket. */
export const BACKUP_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

export interface BackupsProps {
  data: {
    journal: Table;
    state: Table;
    /** Versioned (AWS Backup for S3 requires it). */
    evidence: Bucket;
  };
  /** Where a failed or expired backup job is told (the alarm topic). */
  notify?: ITopic | undefined;
  /** The application stack's name: the backup selection is `<name>-data`. */
  name: string;
}

/**
 * AWS Backup for what cannot be rebuilt: the Journal, the State table and the evidence bucket,
 * into a vault that is kept when the stack goes and whose recovery points nobody can delete
 * early. Point-in-time recovery (35 days) stays on the tables; these backups reach further back.
 */
export class Backups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    // Encrypted with AWS Backup's KMS key (the default): nothing to rotate or lose.
    this.vault = new BackupVault(this, 'Vault', {
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
      ...(props.notify
        ? {
            notificationTopic: props.notify,
            notificationEvents: [
              BackupVaultEvents.BACKUP_JOB_FAILED,
              BackupVaultEvents.BACKUP_JOB_EXPIRED,
            ],
          }
        : {}),
    });
    // 01:00 in Vietnam (18:00 UTC), when funds are quiet.
    this.plan = new BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: Schedule.cron({ minute: '0', hour: '18' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: Duration.days(DAILY_BACKUP_DAYS),
        }),
        new BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: Schedule.cron({ minute: '0', hour: '18', day: '1' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: Duration.days(MONTHLY_BACKUP_DAYS),
        }),
      ],
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('backup.amazonaws.com'),
      description: 'soquy: AWS Backup backs up and restores the tables and the evidence bucket',
      managedPolicies: BACKUP_MANAGED_POLICIES.map((name) =>
        ManagedPolicy.fromAwsManagedPolicyName(name),
      ),
    });
    Validations.of(this.role).acknowledge(
      ...BACKUP_MANAGED_POLICIES.map((name) => ({
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        reason:
          'AWS Backup documents these managed policies as what its service role needs to back up and restore DynamoDB tables and S3 buckets; AWS keeps them current as the service changes. Only backup.amazonaws.com can assume this role.',
      })),
    );
    this.plan.addSelection('Selection', {
      backupSelectionName: `${props.name}-data`,
      role: this.role,
      // The role above already has them, and the restore ones.
      disableDefaultBackupPolicy: true,
      resources: [
        BackupResource.fromDynamoDbTable(props.data.journal),
        BackupResource.fromDynamoDbTable(props.data.state),
        BackupResource.fromArn(props.data.evidence.bucketArn),
      ],
    });
  }
}

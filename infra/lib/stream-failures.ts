import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How long a stream failure record waits to be read; the alarm fires on the first one. */
export const STREAM_FAILURE_RETENTION_DAYS = 14;

/**
 * Where a DynamoDB stream event source records a batch it gave up on (after its retries): the
 * shard and the sequence numbers, not the items, so nobody's data sits in the queue. The
 * Monitoring construct alarms as soon as one arrives.
 */
export function streamFailureQueue(scope: Construct, id: string, consumer: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(STREAM_FAILURE_RETENTION_DAYS),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason: `This queue is itself the on-failure destination (dead-letter queue) of ${consumer}'s DynamoDB stream event sources; a queue behind it would hold nothing.`,
  });
  return queue;
}

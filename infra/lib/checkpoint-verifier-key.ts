import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CfnElement,
  CustomResource,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { functionBundling } from './bundling.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The reason every soquy function's runtime is what it is (cdk-nag L1). */
export const RUNTIME_REASON =
  'nodejs22.x is pinned on purpose: the project targets Node 22 (middy 7, vitest 5) and is tested on it; it moves with the project, not with the newest runtime.';

/** The reason a function's role holds AWSLambdaBasicExecutionRole (cdk-nag IAM4). */
export const BASIC_EXECUTION_REASON =
  'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; it grants nothing on data.';

export interface CheckpointVerifierKeyProps {
  key: kms.IKey;
  /** The log's name (LOG_DEPLOYMENT): the vkey starts with it. */
  name: string;
}

/**
 * The checkpoint key as a note verifier key (vkey), read from KMS when the stack deploys, so the
 * stack's outputs print it. A custom resource runs infra/checkpoint-key/handler.ts, which reuses
 * the code GET /.well-known/soquy/checkpoint-key answers with; its role may only
 * kms:GetPublicKey on this one key.
 */
export class CheckpointVerifierKey extends Construct {
  /** `<name>+<key id>+<base64 key>`, resolved at deploy time. */
  readonly vkey: string;

  constructor(scope: Construct, id: string, props: CheckpointVerifierKeyProps) {
    super(scope, id);
    const entry = join(repoRoot, 'infra', 'checkpoint-key', 'handler.ts');
    const reader = new NodejsFunction(this, 'Reader', {
      description: 'soquy: reads the checkpoint public key from KMS at deploy time (stack output)',
      entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      // It runs once per deploy: a month of logs covers the deploys anyone would look back on.
      logGroup: new LogGroup(this, 'ReaderLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      bundling: functionBundling('checkpoint-key', entry, repoRoot),
    });
    reader.addToRolePolicy(
      new PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [props.key.keyArn] }),
    );
    const provider = new Provider(this, 'Provider', {
      onEventHandler: reader,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::CheckpointVerifierKey',
      // A new key or name reads the key again.
      properties: { KeyArn: props.key.keyArn, Name: props.name },
    });
    this.vkey = resource.getAttString('VerifierKey');

    Validations.of(reader).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: RUNTIME_REASON,
    });
    Validations.of(reader.role as IRole).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: BASIC_EXECUTION_REASON,
    });
    // CDK's provider framework: the function CloudFormation calls, which invokes the reader.
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `The provider framework's function: ${BASIC_EXECUTION_REASON}`,
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(reader.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason:
          'The provider framework may invoke any version of the one reader function (lambda:InvokeFunction on its ARN and its versions), and nothing else.',
      },
    );
  }
}

import { KmsNoteSigner } from '@soquy/evidence';
import { logVerifierKey } from '@soquy/ledger';
import type {
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
} from 'aws-lambda';

/** What the stack passes: the checkpoint key and the log's name (LOG_DEPLOYMENT). */
interface CheckpointKeyProperties {
  KeyArn: string;
  Name: string;
}

type ProviderAnswer = Pick<CloudFormationCustomResourceResponse, 'PhysicalResourceId' | 'Data'>;

/**
 * The deploy-time custom resource behind the stack's CheckpointKey output: the log's note
 * verifier key (vkey), computed by the same code as GET /.well-known/soquy/checkpoint-key
 * (KmsNoteSigner's public key, logVerifierKey), so the output and the route can never differ.
 * Deleting it deletes nothing: the key itself is kept by the stack.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<ProviderAnswer> {
  const { KeyArn, Name } = event.ResourceProperties as unknown as CheckpointKeyProperties;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const vkey = await logVerifierKey(new KmsNoteSigner(Name, KeyArn));
  return { PhysicalResourceId: `${KeyArn}#${Name}`, Data: { VerifierKey: vkey } };
}

import { createLogFiles, createNoteSigner } from '@soquy/evidence';
import type { LogDeps } from '@soquy/ledger';
import { part } from './config.ts';
import type { FunctionRuntime } from './runtime.ts';
import { traced } from './tracing.ts';

/**
 * The ledger's adapters plus the transparency log's: where tiles and checkpoints are published
 * (S3 in AWS, `.data/log` locally) and the checkpoint key (KMS in AWS, `.data/checkpoint-key`
 * locally). Build it once, when the function starts: the signer keeps the public key it fetched.
 */
export function logDeps(runtime: FunctionRuntime): LogDeps {
  const settings = part(runtime.config, 'log');
  return {
    ...runtime.deps,
    logFiles: createLogFiles(settings, traced),
    signer: createNoteSigner(settings.LOG_DEPLOYMENT, settings, traced),
    deployment: settings.LOG_DEPLOYMENT,
  };
}

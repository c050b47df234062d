import { createStatementFiles } from '@soquy/evidence';
import type { StatementFileDeps } from '@soquy/ledger';
import { part } from './config.ts';
import type { FunctionRuntime } from './runtime.ts';
import { traced } from './tracing.ts';

/**
 * The ledger's adapters plus where statement files live. Only the import job adds the banks'
 * layouts (functions/shared/statement-parser.ts): the parsers are large, the others don't read.
 */
export function statementDeps(runtime: FunctionRuntime): StatementFileDeps {
  return {
    ...runtime.deps,
    statementFiles: createStatementFiles(part(runtime.config, 'statements'), traced),
  };
}

export interface GatewayKeys {
  sepayApiKey: string;
  cassoChecksumKey: string;
}

/**
 * SePay's API key and Casso's checksum key: from the environment locally, from Secrets Manager
 * in AWS (read on the first notification, kept; a failure is retried on the next one).
 */
export function gatewayKeys(runtime: FunctionRuntime): () => Promise<GatewayKeys> {
  const source = part(runtime.config, 'bankGateways');
  let keys: Promise<GatewayKeys> | undefined;
  return () => {
    if ('SEPAY_API_KEY' in source) {
      return Promise.resolve({
        sepayApiKey: source.SEPAY_API_KEY,
        cassoChecksumKey: source.CASSO_CHECKSUM_KEY,
      });
    }
    keys ??= (async () => {
      const { GetSecretValueCommand, SecretsManagerClient } = await import(
        '@aws-sdk/client-secrets-manager'
      );
      const { SecretString } = await new SecretsManagerClient({}).send(
        new GetSecretValueCommand({ SecretId: source.BANK_GATEWAY_SECRET_ID }),
      );
      // A gateway whose key is left empty is not connected: its webhook refuses everything.
      const parsed = JSON.parse(SecretString ?? '{}') as Partial<GatewayKeys>;
      return {
        sepayApiKey: parsed.sepayApiKey ?? '',
        cassoChecksumKey: parsed.cassoChecksumKey ?? '',
      };
    })();
    keys.catch(() => {
      keys = undefined;
    });
    return keys;
  };
}

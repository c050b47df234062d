import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { StripeSettings } from './client.ts';

/**
 * Stripe's keys: in AWS from the Secrets Manager secret named by STRIPE_SECRET_ID
 * (JSON {"secretKey": "...", "webhookSecret": "..."}), read once per container; locally
 * from STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.
 */
export async function loadStripeSettings(
  env: NodeJS.ProcessEnv = process.env,
): Promise<StripeSettings> {
  const apiBase = env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {};
  if (env.STRIPE_SECRET_ID) {
    const client = new SecretsManagerClient({});
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: env.STRIPE_SECRET_ID }),
    );
    const parsed = JSON.parse(SecretString ?? '{}') as {
      secretKey?: string;
      webhookSecret?: string;
    };
    if (!parsed.secretKey || !parsed.webhookSecret) {
      throw new Error('The Stripe secret must hold {"secretKey": "...", "webhookSecret": "..."}');
    }
    return { secretKey: parsed.secretKey, webhookSecret: parsed.webhookSecret, ...apiBase };
  }
  const secretKey = env.STRIPE_SECRET_KEY;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  if (!secretKey || !webhookSecret) {
    throw new Error(
      'Set STRIPE_SECRET_ID (AWS) or STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (local)',
    );
  }
  return { secretKey, webhookSecret, ...apiBase };
}

import type { StripeSettings } from './client.ts';

/** Where Stripe's keys are, as the function's configuration says. */
export type StripeKeySource = (
  | { STRIPE_SECRET_ID: string }
  | { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string }
) & { STRIPE_API_BASE?: string | undefined };

/**
 * Stripe's keys: in AWS from the Secrets Manager secret named by STRIPE_SECRET_ID
 * (JSON {"secretKey": "...", "webhookSecret": "..."}), read once per container; locally
 * from STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.
 */
export async function loadStripeSettings(env: StripeKeySource): Promise<StripeSettings> {
  const apiBase = env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {};
  if ('STRIPE_SECRET_ID' in env) {
    // Imported here, on first use: only a function that needs the keys loads the client.
    const { GetSecretValueCommand, SecretsManagerClient } = await import(
      '@aws-sdk/client-secrets-manager'
    );
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
  return { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, ...apiBase };
}

import { type Config, part } from './config.ts';

/**
 * The key manage-link tokens are derived with. In AWS it is a Secrets Manager secret read once
 * per container (the SDK is imported only here, on first use); locally it is in the environment.
 * Only functions that create pledges declare the `manageLinks` part; any other asking fails.
 */
export async function manageLinkKey(config: Config): Promise<Uint8Array> {
  const settings = part(config, 'manageLinks');
  if ('MANAGE_LINK_KEY' in settings) return Buffer.from(settings.MANAGE_LINK_KEY, 'hex');
  const { GetSecretValueCommand, SecretsManagerClient } = await import(
    '@aws-sdk/client-secrets-manager'
  );
  const client = new SecretsManagerClient({});
  const { SecretString } = await client.send(
    new GetSecretValueCommand({ SecretId: settings.MANAGE_LINK_SECRET_ID }),
  );
  if (!SecretString || SecretString.length < 32) {
    throw new Error('The manage-link secret must hold at least 32 characters.');
  }
  return Buffer.from(SecretString, 'utf8');
}

/**
 * The key as a function that reads it once per container (and again only after a failed read):
 * pay and unsubscribe links are signed with it under labels of their own.
 */
export function manageLinkKeyOnce(config: Config): () => Promise<Uint8Array> {
  let key: Promise<Uint8Array> | undefined;
  return () => {
    key ??= manageLinkKey(config);
    key.catch(() => {
      key = undefined;
    });
    return key;
  };
}

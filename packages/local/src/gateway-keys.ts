/**
 * The secrets the local stack's gateway webhooks check, and `npm run bank` signs with: SePay's
 * API key (`Authorization: Apikey <key>`) and Casso's checksum key (`X-Casso-Signature`). Set
 * SEPAY_API_KEY / CASSO_CHECKSUM_KEY to use your own; the defaults are public, for local use only.
 */
export interface GatewayKeys {
  sepayApiKey: string;
  cassoChecksumKey: string;
}

export const DEFAULT_LOCAL_GATEWAY_KEYS: Readonly<GatewayKeys> = Object.freeze({
  sepayApiKey: 'soquy-local-sepay-api-key',
  cassoChecksumKey: 'soquy-local-casso-checksum-key',
});

/** The keys from `env`, each falling back to its local default when unset or blank. */
export function localGatewayKeys(env: NodeJS.ProcessEnv = process.env): GatewayKeys {
  const pick = (value: string | undefined, fallback: string) =>
    value !== undefined && value.trim() !== '' ? value.trim() : fallback;
  return {
    sepayApiKey: pick(env.SEPAY_API_KEY, DEFAULT_LOCAL_GATEWAY_KEYS.sepayApiKey),
    cassoChecksumKey: pick(env.CASSO_CHECKSUM_KEY, DEFAULT_LOCAL_GATEWAY_KEYS.cassoChecksumKey),
  };
}

/** Where soquy deploys unless told otherwise: Singapore, the AWS region nearest Vietnam. */
export const DEFAULT_REGION = 'ap-southeast-1';

/**
 * The stack's account and region. The region comes from `-c region=…`, then SOQUY_REGION, then
 * ap-southeast-1; CDK_DEFAULT_REGION is ignored on purpose, because the CDK CLI sets it to
 * us-east-1 when no AWS profile is configured, which would silently move a ward's data.
 */
export function deploymentEnv(
  env: NodeJS.ProcessEnv,
  context: { region?: unknown } = {},
): { account?: string; region: string } {
  const region =
    (typeof context.region === 'string' && context.region) || env.SOQUY_REGION || DEFAULT_REGION;
  return { ...(env.CDK_DEFAULT_ACCOUNT ? { account: env.CDK_DEFAULT_ACCOUNT } : {}), region };
}

import type { App } from 'aws-cdk-lib';
import { deploymentEnv } from './deployment.ts';
import { EDGE_REGION, SoquyEdgeStack } from './edge-stack.ts';
import { SoquyStack } from './soquy-stack.ts';

/**
 * Both stacks of a deployment: SoquyEdge in us-east-1 (the web ACL and the custom domain's
 * certificate, which CloudFront only takes from there), and Soquy in the data's region, which
 * reads them through cross-region references (`npx cdk deploy --all` deploys both, edge first).
 * Context: `-c region`, `-c domainName`, `-c certificateArn` (and Soquy's own).
 */
export function addSoquyStacks(app: App, env: NodeJS.ProcessEnv = process.env) {
  const { account, region } = deploymentEnv(env, { region: app.node.tryGetContext('region') });
  const domainName: string | undefined = app.node.tryGetContext('domainName');
  const certificateArn: string | undefined = app.node.tryGetContext('certificateArn');
  if (certificateArn && !domainName) {
    throw new Error('-c certificateArn needs -c domainName: the name the certificate is for.');
  }
  const edge = new SoquyEdgeStack(app, 'SoquyEdge', {
    env: { ...(account ? { account } : {}), region: EDGE_REGION },
    crossRegionReferences: true,
    description: 'soquy edge: the WAF web ACL and the custom domain certificate for CloudFront',
    ...(domainName ? { domainName } : {}),
    ...(certificateArn ? { certificateArn } : {}),
  });
  const main = new SoquyStack(app, 'Soquy', {
    env: { ...(account ? { account } : {}), region },
    crossRegionReferences: true,
    description: 'soquy: append-only, hash-chained donation ledger for community security funds',
    webAclArn: edge.webAcl.attrArn,
    ...(edge.certificate ? { certificate: edge.certificate } : {}),
  });
  main.addStackDependency(edge, 'CloudFront takes its web ACL and certificate from SoquyEdge');
  return { edge, main };
}

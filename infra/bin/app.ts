import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deploymentEnv } from '../lib/deployment.ts';
import { SoquyStack } from '../lib/soquy-stack.ts';

const app = new App();
new SoquyStack(app, 'Soquy', {
  env: deploymentEnv(process.env, { region: app.node.tryGetContext('region') }),
  description: 'soquy: append-only, hash-chained donation ledger for community security funds',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SoquyStack } from '../lib/soquy-stack.ts';

const app = new App();
new SoquyStack(app, 'Soquy', {
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1',
  },
  description: 'soquy: append-only, hash-chained donation ledger for community security funds',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

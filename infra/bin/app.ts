import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addSoquyStacks } from '../lib/soquy-app.ts';

const app = new App();
// SoquyEdge (us-east-1: WAF, certificate) and Soquy (the data's region): soquy-app.ts.
addSoquyStacks(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

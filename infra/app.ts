/**
 * CDK app entry (`cdk.json`: `npx tsx infra/app.ts`). Reads the deployment
 * parameters from context, builds the stack and runs cdk-nag's AWS Solutions
 * checks, which fail the synth on any finding not acknowledged in code.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HubStack } from './stack.js';
import { readStackConfig } from './stack-config.js';

const app = new App();
const config = readStackConfig((key) => app.node.tryGetContext(key));
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

new HubStack(app, `GuanchengLive-${config.stage}`, {
  config,
  projectRoot,
  description: `Guancheng Live real-time monitoring hub (${config.stage})`,
  // Account/region come from the CLI profile at deploy time; synth needs neither.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

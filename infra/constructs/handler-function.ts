/**
 * One Lambda function from a manifest entry: bundled by the local esbuild
 * (ESM, minified, source maps; the AWS SDK bundled unless the entry says
 * otherwise, see handler-bundling.ts), Node 22 on ARM64, JSON logs into a log group
 * with a retention, and its own role that starts with nothing but the right to
 * write to that log group. Table grants are added by table-grants.ts.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/manifest.js';
import type { LogLevel } from '../stack-config.js';
import { handlerBundling } from './handler-bundling.js';

// The bundling settings live beside the tools that measure them; re-exported for existing importers.
export { BUNDLE_AWS_SDK, ESM_REQUIRE_BANNER } from './handler-bundling.js';

const APP_LOG_LEVEL: Record<LogLevel, ApplicationLogLevel> = {
  debug: ApplicationLogLevel.DEBUG,
  info: ApplicationLogLevel.INFO,
  warn: ApplicationLogLevel.WARN,
  error: ApplicationLogLevel.ERROR,
};

export interface HandlerFunctionProps {
  spec: FunctionSpec;
  /** Repo root; `spec.entry` is relative to it. */
  projectRoot: string;
  /** Entry file to bundle, when it differs from `spec.entry` (tests use fixtures). */
  entryOverride?: string;
  environment: Record<string, string>;
  logLevel: LogLevel;
  logRetention: RetentionDays;
}

export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const { spec } = props;

    // Logs are diagnostics, not records (the hub table's log is the record), so
    // they expire and go with the stack.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Own role instead of the AWSLambdaBasicExecutionRole managed policy, which
    // would allow writing to every log group in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${spec.name}: ${spec.description}`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new NodejsFunction(this, 'Fn', {
      entry: props.entryOverride ?? `${props.projectRoot}/${spec.entry}`,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: APP_LOG_LEVEL[props.logLevel],
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: props.environment,
      // SDK v3 keeps connections alive by default; the v2-era variable is noise.
      awsSdkConnectionReuse: false,
      // The manifest entry decides whether its bundle carries the AWS SDK.
      bundling: handlerBundling(spec),
    });
  }
}

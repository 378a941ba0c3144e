/**
 * The whole deployment, derived from functions/manifest.ts: one function per
 * manifest entry with exactly the environment its config reads and exactly
 * the table access its grants name, wired to whatever the entry declares
 * (HTTP routes, WebSocket routes, the hub stream, a schedule).
 */
import { resolve } from 'node:path';
import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { API_GATEWAY_WEBSOCKET } from '../functions/core/aws/service-limits.js';
import { ENV } from '../functions/core/config/config.js';
import type { FunctionSpec, HttpRoute, WsRoute } from '../functions/manifest.js';
import { FUNCTIONS } from '../functions/manifest.js';
import { HandlerFunction } from './constructs/handler-function.js';
import { HubHttpApi } from './constructs/http-api.js';
import { HubTables } from './constructs/hub-tables.js';
import { Monitoring } from './constructs/monitoring.js';
import { acknowledgeBucketDeploymentHandler, acknowledgeHandlerFunction } from './constructs/nag-acknowledgements.js';
import { StreamConsumer } from './constructs/stream-consumer.js';
import { grantTableAccess } from './constructs/table-grants.js';
import { UserAuth } from './constructs/user-auth.js';
import { WebHosting } from './constructs/web-hosting.js';
import { HubWebSocketApi } from './constructs/websocket-api.js';
import { functionEnvironment } from './function-environment.js';
import type { StackConfig } from './stack-config.js';
import { keepAliveMs } from './web-client-config.js';

export interface HubStackProps extends StackProps {
  config: StackConfig;
  /** Repo root: manifest entries and `webDist` are relative to it. */
  projectRoot: string;
  /** Defaults to the manifest; tests pass it explicitly. */
  functions?: FunctionSpec[];
  /** Function name → entry file to bundle instead of the manifest's (test fixtures). */
  entryOverrides?: Record<string, string>;
}

const WS_ROUTES: WsRoute[] = ['$connect', '$default', '$disconnect'];

export class HubStack extends Stack {
  readonly handlers = new Map<string, HandlerFunction>();

  constructor(scope: Construct, id: string, props: HubStackProps) {
    super(scope, id, props);
    const { config } = props;
    const specs = props.functions ?? FUNCTIONS;

    const tables = new HubTables(this, 'Tables');
    const auth = new UserAuth(this, 'Auth', { oidc: config.oidc, stage: config.stage });
    const web = new WebHosting(this, 'Web', {
      webDist: resolve(props.projectRoot, config.webDist),
      domain: config.webDomain,
      connectOrigins: [
        // Sign-in and token refresh go to the issuer.
        config.oidc ? new URL(config.oidc.issuer).origin : `https://cognito-idp.${this.region}.amazonaws.com`,
        // The hosted login's token endpoint (code exchange, silent refresh).
        ...(auth.loginOrigin ? [auth.loginOrigin] : []),
        ...(config.apiDomain ? [`https://${config.apiDomain.domainName}`] : []),
        ...(config.wsDomain ? [`wss://${config.wsDomain.domainName}`] : []),
      ],
    });
    const webOrigin = config.webOrigin ?? web.origin;
    auth.addClients(webOrigin);
    const ws = new HubWebSocketApi(this, 'WebSocket', {
      stageName: config.stage,
      throttle: config.wsThrottle,
      logRetention: config.logRetention,
      domain: config.wsDomain,
    });

    // Every value a function may ask for, keyed by the variable names config reads.
    const available: Record<string, string> = {
      [ENV.stage]: config.stage,
      [ENV.hubTable]: tables.hub.tableName,
      [ENV.connectionsTable]: tables.connections.tableName,
      [ENV.jwksUrl]: auth.jwksUrl,
      [ENV.issuer]: auth.issuer,
      [ENV.audience]: auth.audienceSetting,
      [ENV.webOrigin]: webOrigin,
      [ENV.logLevel]: config.logLevel,
      [ENV.projectOnWrite]: 'true',
      [ENV.wsManagementEndpoint]: ws.managementEndpoint,
      [ENV.wsInitTimeoutMs]: String(config.wsInitTimeoutMs),
      [ENV.introspection]: String(config.graphqlIntrospection),
      [ENV.limits]: JSON.stringify(config.limits),
    };
    const grantTargets = {
      hub: { tableArn: tables.hub.tableArn, indexNames: tables.indexNames.hub },
      connections: { tableArn: tables.connections.tableArn, indexNames: tables.indexNames.connections },
    };

    const httpRoutes: { fn: IFunction; route: HttpRoute }[] = [];
    const wsRoutes: Partial<Record<WsRoute, IFunction>> = {};
    let connectAuthorizer: IFunction | undefined;
    let streamFunction: IFunction | undefined;

    for (const spec of invokedFirst(specs)) {
      // A caller's environment names the functions it invokes, so those exist before it.
      for (const call of spec.invokes ?? []) available[call.env] = this.handler(call.function).fn.functionName;
      const handler = new HandlerFunction(this, `${spec.name}Function`, {
        spec,
        projectRoot: props.projectRoot,
        entryOverride: props.entryOverrides?.[spec.name],
        environment: functionEnvironment(spec, available),
        logLevel: config.logLevel,
        logRetention: config.logRetention,
      });
      this.handlers.set(spec.name, handler);
      acknowledgeHandlerFunction(handler);
      grantTableAccess(handler.role, spec.name, spec.grants, grantTargets);
      if (spec.managesConnections) ws.grantManageConnections(handler.role);
      for (const call of spec.invokes ?? []) grantInvoke(handler.role, this.handler(call.function).fn);
      for (const route of spec.httpRoutes ?? []) httpRoutes.push({ fn: handler.fn, route });
      for (const route of spec.wsRoutes ?? []) {
        if (wsRoutes[route]) throw new Error(`WebSocket route ${route} is served by two functions`);
        wsRoutes[route] = handler.fn;
      }
      if (spec.wsAuthorizer) connectAuthorizer = handler.fn;
      if (spec.hubStream) streamFunction = handler.fn;
      if (spec.schedule) {
        new Rule(this, `${spec.name}Schedule`, {
          description: `${spec.name}: every ${spec.schedule.rateMinutes} minutes`,
          schedule: Schedule.rate(Duration.minutes(spec.schedule.rateMinutes)),
          // A missed sweep is made up by the next one; do not pile up retries.
          targets: [new LambdaFunction(handler.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(5) })],
        });
      }
    }

    const missingWs = WS_ROUTES.filter((r) => !wsRoutes[r]);
    if (missingWs.length > 0) throw new Error(`No manifest function serves WebSocket route(s) ${missingWs.join(', ')}`);
    if (!connectAuthorizer) throw new Error('No manifest function is the $connect authorizer (wsAuthorizer: true)');
    ws.addRoutes(wsRoutes as Record<WsRoute, IFunction>, connectAuthorizer);

    const http = new HubHttpApi(this, 'Http', {
      routes: httpRoutes,
      issuer: auth.issuer,
      audience: auth.audience,
      webOrigin,
      throttle: config.httpThrottle,
      logRetention: config.logRetention,
      domain: config.apiDomain,
    });

    if (!streamFunction) throw new Error('No manifest function consumes the hub stream (hubStream: true)');
    const stream = new StreamConsumer(this, 'HubStream', { table: tables.hub, fn: streamFunction });

    const monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      functions: [...this.handlers].map(([name, h]) => ({ name, fn: h.fn, logGroup: h.logGroup })),
      streamFunction,
      deadLetterQueue: stream.deadLetterQueue,
      httpApi: http.api,
      webSocketApiId: ws.api.apiId,
      alarmEmail: config.alarmEmail,
    });

    web.deploy({
      stage: config.stage,
      graphqlUrl: `${http.url}/graphql`,
      websocketUrl: ws.url,
      auth: {
        issuer: auth.issuer,
        clientId: auth.webClientId,
        region: this.region,
        ...(auth.userPool ? { userPoolId: auth.userPool.userPoolId } : {}),
        ...(auth.screenClientId ? { screenClientId: auth.screenClientId } : {}),
        ...(auth.loginOrigin ? { loginUrl: auth.loginOrigin } : {}),
      },
      keepAliveMs: keepAliveMs(API_GATEWAY_WEBSOCKET.idleTimeoutMs),
    });
    acknowledgeBucketDeploymentHandler(this, web.bucket);

    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('WebUrl', web.origin, 'Web client (CloudFront)');
    out('GraphqlUrl', `${http.url}/graphql`, 'POST GraphQL endpoint');
    out('WebSocketUrl', ws.url, 'graphql-transport-ws endpoint');
    out('WsManagementEndpoint', ws.managementEndpoint, 'API Gateway management endpoint');
    out('AuthIssuer', auth.issuer, 'JWT issuer');
    out('AuthClientId', auth.webClientId, 'Web client id (JWT audience)');
    if (auth.userPool) out('UserPoolId', auth.userPool.userPoolId, 'Cognito user pool (create users here)');
    if (auth.screenClientId) out('AuthScreenClientId', auth.screenClientId, 'App client wall screens enrol with');
    if (auth.loginOrigin) out('AuthLoginUrl', auth.loginOrigin, 'Cognito hosted login');
    out('HubTableName', tables.hub.tableName, 'Hub table (logs, read models); RETAINED on destroy');
    out('ConnectionsTableName', tables.connections.tableName, 'Connections table; RETAINED on destroy');
    out('StreamFunctionName', streamFunction.functionName, 'Projector/fan-out function (replay target)');
    out(
      'DeadLetterQueueUrl',
      stream.deadLetterQueue.queueUrl,
      'Failed stream batches (replay with infra/replay-dlq.ts)',
    );
    out('AlarmTopicArn', monitoring.topic.topicArn, 'SNS topic for alarms');
    out('WebBucketName', web.bucket.bucketName, 'Web client bucket');
  }

  private handler(name: string): HandlerFunction {
    const h = this.handlers.get(name);
    if (!h) throw new Error(`No manifest function named ${name} (invoked by another)`);
    return h;
  }
}

/** Invoked functions before their callers (one level deep, as the manifest needs). */
function invokedFirst(specs: FunctionSpec[]): FunctionSpec[] {
  const invoked = new Set(specs.flatMap((s) => (s.invokes ?? []).map((c) => c.function)));
  return [...specs.filter((s) => invoked.has(s.name)), ...specs.filter((s) => !invoked.has(s.name))];
}

/** lambda:InvokeFunction on exactly that function (not its versions or aliases: the caller invokes $LATEST). */
function grantInvoke(role: IRole, fn: IFunction) {
  role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
}

/**
 * What faces the outside (HTTP and WebSocket APIs, auth, the web client's
 * hosting) and what tells operators something is wrong (logs, alarms), plus
 * cdk-nag over the whole stack, from one synthesized template.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import type { CfnResource } from './synth-stack.js';
import { flatten, functionLogicalId, resourcesOfType, roleLogicalId, synthHubStack } from './synth-stack.js';

const s = synthHubStack({ alarmEmail: 'ops@example.gov.cn', logLevel: 'warn', logRetentionDays: 90 });
const only = (type: string) => {
  const found = resourcesOfType(s.json, type);
  expect(found.length, type).toBe(1);
  return found[0];
};
const fnNamed = (predicate: (f: (typeof FUNCTIONS)[number]) => unknown) => {
  const spec = FUNCTIONS.find(predicate);
  if (!spec) throw new Error('no such manifest function');
  return functionLogicalId(s, spec.name);
};
const integrationTargets = (apiType: string) => {
  const byId = new Map<string, string>();
  for (const [id, r] of resourcesOfType(s.json, 'AWS::ApiGatewayV2::Integration')) {
    const api = r.Properties?.ApiId?.Ref as string;
    if (s.json.Resources[api]?.Properties?.ProtocolType !== apiType) continue;
    byId.set(id, JSON.stringify(r.Properties?.IntegrationUri));
  }
  return byId;
};
const routes = (apiType: string) =>
  resourcesOfType(s.json, 'AWS::ApiGatewayV2::Route').filter(
    ([, r]) => s.json.Resources[r.Properties?.ApiId?.Ref]?.Properties?.ProtocolType === apiType,
  );
const routeTarget = (route: Pick<CfnResource, 'Properties'>, apiType: string) => {
  const integrationId = String(route.Properties?.Target?.['Fn::Join']?.[1]?.[1]?.Ref);
  return integrationTargets(apiType).get(integrationId) ?? '';
};

describe('HTTP API', () => {
  const [apiId, api] =
    resourcesOfType(s.json, 'AWS::ApiGatewayV2::Api').find(([, r]) => r.Properties?.ProtocolType === 'HTTP') ?? [];
  const httpRoutes = routes('HTTP');
  const route = (key: string) => httpRoutes.find(([, r]) => r.Properties?.RouteKey === key)?.[1];

  it('has a JWT authorizer for the configured issuer and audience', () => {
    const authorizers = resourcesOfType(s.json, 'AWS::ApiGatewayV2::Authorizer').filter(
      ([, r]) => r.Properties?.ApiId?.Ref === apiId,
    );
    expect(authorizers).toHaveLength(1);
    const [[authId, auth]] = authorizers;
    expect(auth.Properties?.AuthorizerType).toBe('JWT');
    expect(flatten(auth.Properties?.JwtConfiguration?.Issuer)).toMatch(
      /^https:\/\/cognito-idp\.dummy\.amazonaws\.com\/dummy$/,
    );
    // The people's and the wall screens' app clients (tests/infra/user-auth.test.ts).
    expect(auth.Properties?.JwtConfiguration?.Audience).toHaveLength(2);
    expect(route('POST /graphql')?.Properties).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authId },
    });
  });

  it('serves /healthz without auth and nothing else without auth', () => {
    expect(route('GET /healthz')?.Properties?.AuthorizationType).toBe('NONE');
    const open = httpRoutes
      .filter(([, r]) => r.Properties?.AuthorizationType !== 'JWT')
      .map(([, r]) => r.Properties?.RouteKey);
    expect(open).toEqual(['GET /healthz']);
  });

  it('routes to the Http function', () => {
    const http = fnNamed((f) => f.httpRoutes?.length);
    for (const [, r] of httpRoutes) expect(routeTarget(r, 'HTTP')).toContain(http);
  });

  it('allows CORS from the web origin only', () => {
    const origins = api?.Properties?.CorsConfiguration?.AllowOrigins;
    expect(origins).toHaveLength(1);
    expect(flatten(origins[0])).toBe('https://dummy');
    expect(JSON.stringify(origins[0])).toContain('DomainName');
  });

  it('throttles the stage', () => {
    const [, stage] =
      resourcesOfType(s.json, 'AWS::ApiGatewayV2::Stage').find(([, r]) => r.Properties?.ApiId?.Ref === apiId) ?? [];
    expect(stage?.Properties?.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
    expect(stage?.Properties?.AccessLogSettings?.DestinationArn).toBeDefined();
  });
});

describe('WebSocket API', () => {
  const wsRoutes = routes('WEBSOCKET');
  const route = (key: string) => wsRoutes.find(([, r]) => r.Properties?.RouteKey === key)?.[1];

  it('routes $connect, $default and $disconnect to the Ws function', () => {
    const ws = fnNamed((f) => f.wsRoutes?.length);
    for (const key of ['$connect', '$default', '$disconnect'])
      expect(routeTarget(route(key) ?? {}, 'WEBSOCKET')).toContain(ws);
  });

  it('authorizes $connect with the manifest REQUEST authorizer, invoked even without an identity source', () => {
    const connect = route('$connect');
    expect(connect?.Properties?.AuthorizationType).toBe('CUSTOM');
    const authorizer = s.json.Resources[connect?.Properties?.AuthorizerId?.Ref];
    expect(authorizer.Properties?.AuthorizerType).toBe('REQUEST');
    expect(JSON.stringify(authorizer.Properties?.AuthorizerUri)).toContain(fnNamed((f) => f.wsAuthorizer));
    // A listed identity source that is absent makes API Gateway answer 401 without calling the
    // authorizer, which would forbid token-in-connection_init clients.
    expect(authorizer.Properties?.IdentitySource ?? []).toEqual([]);
  });

  it('throttles the stage', () => {
    const wsApi = resourcesOfType(s.json, 'AWS::ApiGatewayV2::Api').find(
      ([, r]) => r.Properties?.ProtocolType === 'WEBSOCKET',
    )?.[0];
    const [, stage] =
      resourcesOfType(s.json, 'AWS::ApiGatewayV2::Stage').find(([, r]) => r.Properties?.ApiId?.Ref === wsApi) ?? [];
    expect(stage?.Properties?.StageName).toBe('prod');
    expect(stage?.Properties?.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });
});

describe('Cognito', () => {
  it('requires MFA, a strong password policy, and keeps users on destroy', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.Properties?.MfaConfiguration).toBe('ON');
    expect(pool.Properties?.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: true });
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('users cannot write their own role or department claims (every app client)', () => {
    const clients = resourcesOfType(s.json, 'AWS::Cognito::UserPoolClient');
    expect(clients.length).toBe(2); // people (Web) and wall screens (Screen): tests/infra/user-auth.test.ts
    for (const [, client] of clients) {
      const writable: string[] | undefined = client.Properties?.WriteAttributes;
      expect(writable).toBeDefined(); // absent would mean "all attributes"
      expect((writable ?? []).filter((a) => a.startsWith('custom:'))).toEqual([]);
      expect(client.Properties?.GenerateSecret).toBe(false);
    }
  });
});

describe('web hosting', () => {
  it('site bucket is private, encrypted, TLS-only and access-logged', () => {
    const site = resourcesOfType(s.json, 'AWS::S3::Bucket').find(([, b]) => b.Properties?.LoggingConfiguration);
    expect(site).toBeDefined();
    expect(site?.[1].Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: expect.anything(),
    });
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: site?.[0] },
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('CloudFront reads through origin access control and redirects to HTTPS', () => {
    const [, dist] = only('AWS::CloudFront::Distribution');
    const cfg = dist.Properties?.DistributionConfig;
    expect(cfg.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(cfg.Origins[0].OriginAccessControlId).toBeDefined();
    expect(cfg.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(cfg.Logging?.Bucket).toBeDefined();
  });

  it('sends security headers: HSTS, CSP, frame options, nosniff, referrer policy', () => {
    const [, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const h = policy.Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig;
    expect(h.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true });
    expect(h.FrameOptions.FrameOption).toBe('DENY');
    expect(h.ContentTypeOptions.Override).toBe(true);
    expect(h.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
    const csp = flatten(h.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/\*\.execute-api\.\S+ wss:\/\/\*\.execute-api\.\S+ https:\/\/cognito-idp\./,
    );
  });

  it('deploys the web build and a generated config.json with API URLs and auth settings', () => {
    const [, deployment] = only('Custom::CDKBucketDeployment');
    const keys: string[] = deployment.Properties?.SourceObjectKeys ?? [];
    expect(keys).toHaveLength(2); // web/dist + config.json
    expect(deployment.Properties?.Prune).toBe(true);
    // config.json is staged in the cloud assembly with deploy-time markers for the tokens.
    const dir = join(s.app.outdir, `asset.${keys[1].replace(/\.zip$/, '')}`);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(Object.keys(config).sort()).toEqual(['auth', 'graphqlUrl', 'keepAliveMs', 'stage', 'websocketUrl']);
    expect(config.keepAliveMs).toBe(200_000); // a third of API Gateway's 10-minute idle timeout
    expect(Object.keys(config.auth).sort()).toEqual([
      'clientId',
      'issuer',
      'loginUrl',
      'region',
      'screenClientId',
      'userPoolId',
    ]);
    const markers: Record<string, unknown> = deployment.Properties?.SourceMarkers?.[1] ?? {};
    const resolveMarkers = (v: string) => v.replace(/<<marker:0xbaba:\d+>>/g, (m) => JSON.stringify(markers[m]));
    expect(resolveMarkers(config.graphqlUrl)).toMatch(/HttpApi\w+.*ApiEndpoint.*\/graphql$/);
    expect(resolveMarkers(config.websocketUrl)).toMatch(/^wss:\/\/.*WebSocketApi\w+.*\/prod$/);
    expect(resolveMarkers(config.auth.clientId)).toContain(
      s.stack.getLogicalId(
        s.stack.node.findChild('Auth').node.findChild('Users').node.findChild('Web').node.defaultChild as never,
      ),
    );
  });
});

describe('observability', () => {
  it.each(FUNCTIONS.map((f) => [f.name] as const))('%s logs JSON at the configured level, with retention', (name) => {
    const fn = s.json.Resources[functionLogicalId(s, name)];
    expect(fn.Properties?.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'WARN' });
    const logGroup = s.json.Resources[fn.Properties?.LoggingConfig?.LogGroup?.Ref];
    expect(logGroup.Properties?.RetentionInDays).toBe(90);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(fn.Properties?.Role).toEqual({ 'Fn::GetAtt': [roleLogicalId(s, name), 'Arn'] });
  });

  const alarms = resourcesOfType(s.json, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
  const [topicId, topic] = only('AWS::SNS::Topic');
  const alarmOn = (metric: string, dimension: unknown) =>
    alarms.filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(JSON.stringify(dimension)));

  it.each(FUNCTIONS.map((f) => [f.name] as const))('%s has error and throttle alarms to the topic', (name) => {
    for (const metric of ['Errors', 'Throttles']) {
      const [a] = alarmOn(metric, { Ref: functionLogicalId(s, name) });
      expect(a, `${name} ${metric}`).toBeDefined();
      expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('alarms on stream iterator age, dead letters and HTTP 5xx', () => {
    expect(alarmOn('IteratorAge', { Ref: fnNamed((f) => f.hubStream) })).toHaveLength(1);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(1);
    expect(alarms.filter((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')).toHaveLength(1);
  });

  it('alarm topic is KMS-encrypted, TLS-only, with the e-mail subscription', () => {
    expect(topic.Properties?.KmsMasterKeyId).toBeDefined();
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.gov.cn' });
  });

  it('runs the sweeper on its manifest schedule', () => {
    const sweep = FUNCTIONS.find((f) => f.schedule);
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${sweep?.schedule?.rateMinutes} minutes)`,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionLogicalId(s, sweep?.name ?? ''), 'Arn'] } })],
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged findings', () => {
    const report = new AwsSolutionsChecks().validateScope(s.stack);
    const findings = report.violations.map(
      (v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('reports what it is meant to catch (a table without PITR)', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad');
    new Table(stack, 'Plain', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-DDB3');
  });

  it('every acknowledgement states a reason', () => {
    const acks = s.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acks.length).toBeGreaterThan(0);
    for (const [id, reason] of acks) expect(reason.length, id).toBeGreaterThan(40);
  });
});

/**
 * The one place that reads the environment. Handlers call `loadConfig()` once
 * at cold start and pass the result (or clients built from it) down; no other
 * module reads `process.env`. The embedded runtime builds a `HubConfig`
 * directly instead of going through the environment.
 */
import { ConfigError } from '../../../schema/errors.js';
import { type HubLimits, parseLimits } from '../limits/hub-limits.js';

export interface AuthConfig {
  /** JWKS URL of an OIDC issuer (Cognito or any other). Used on AWS. */
  jwksUrl?: string;
  /** Expected `iss` claim. */
  issuer?: string;
  /** Expected `aud` (or Cognito `client_id`) claim. */
  audience?: string;
  /** PEM-encoded public key (SPKI) used by the embedded runtime's local signer. */
  localPublicKeyPem?: string;
}

export interface HubConfig {
  /** Deployment stage, e.g. `local`, `prod`. Shows up in logs. */
  stage: string;
  /** AWS region; the embedded runtime uses `local`. */
  region: string;
  /** DynamoDB endpoint override (dynalite); unset on AWS. */
  dynamoEndpoint?: string;
  /** Table holding the event logs, idempotency reservations and read models. */
  hubTable: string;
  /** Table holding WebSocket connections and subscriptions. */
  connectionsTable: string;
  /** API Gateway management endpoint (`https://{id}.execute-api.{region}.amazonaws.com/{stage}`) or the local gateway's. */
  wsManagementEndpoint?: string;
  auth: AuthConfig;
  /** Browser origin allowed by CORS. */
  webOrigin: string;
  /** Minimum log level for structured logs. */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Run the projector right after an append so a mutation's effects are readable when it returns. */
  projectOnWrite: boolean;
  /**
   * WebSocket: how long a connection may stay without a valid `connection_init`
   * before the sweeper closes it with 4408. Default 10 s. On AWS the sweeper runs
   * on a schedule, so the effective timeout is this plus up to one sweep period.
   */
  wsInitTimeoutMs?: number;
  /** GraphQL introspection (`__schema`, `__type`): off on AWS unless configured, on in the embedded runtime. */
  introspection?: boolean;
  /** Caps and rate limits per principal (limits/hub-limits.ts); defaults when absent. */
  limits?: HubLimits;
  /**
   * The Deliver function's name: the fan-out invokes it once per shard of a group
   * (realtime/delivery/invoked-shards.ts). Unset: every shard is delivered in process.
   */
  deliverFunction?: string;
  /** Lambda API endpoint override (the embedded runtime's local Lambda API); unset on AWS. */
  lambdaEndpoint?: string;
  /**
   * Credentials this function signs its AWS calls with, where the SDK's default
   * chain does not apply: the embedded runtime gives each emulated function its
   * own, naming its role, so its local APIs check that function's manifest grants.
   * Unset on AWS (the function's role, from the environment Lambda sets).
   */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Connections per delivery shard (realtime/delivery/shards.ts); default 250. */
  shardSize?: number;
}

/** Environment variable names, exported so the CDK stack can derive the environment it gives each function. */
export const ENV = {
  stage: 'STAGE',
  region: 'AWS_REGION',
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  hubTable: 'HUB_TABLE',
  connectionsTable: 'CONNECTIONS_TABLE',
  wsManagementEndpoint: 'WS_MANAGEMENT_ENDPOINT',
  jwksUrl: 'AUTH_JWKS_URL',
  issuer: 'AUTH_ISSUER',
  audience: 'AUTH_AUDIENCE',
  webOrigin: 'WEB_ORIGIN',
  logLevel: 'LOG_LEVEL',
  projectOnWrite: 'PROJECT_ON_WRITE',
  wsInitTimeoutMs: 'WS_INIT_TIMEOUT_MS',
  introspection: 'GRAPHQL_INTROSPECTION',
  limits: 'HUB_LIMITS',
  deliverFunction: 'DELIVER_FUNCTION',
  lambdaEndpoint: 'LAMBDA_ENDPOINT',
  shardSize: 'DELIVERY_SHARD_SIZE',
} as const;

/** Variables a deployed function must be given (AWS_REGION is set by Lambda itself). */
export const REQUIRED_ON_AWS = ['STAGE', 'HUB_TABLE', 'CONNECTIONS_TABLE', 'AUTH_JWKS_URL', 'AUTH_ISSUER'] as const;

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Reads and validates the environment. Throws `ConfigError` naming every missing or bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const required = (name: string) => {
    const v = get(name);
    if (!v) problems.push(`${name} is required`);
    return v ?? '';
  };
  const logLevel = (get(ENV.logLevel) ?? 'info') as HubConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`${ENV.logLevel} must be one of ${LOG_LEVELS.join(', ')}`);
  const projectOnWrite = get(ENV.projectOnWrite) ?? 'true';
  if (projectOnWrite !== 'true' && projectOnWrite !== 'false')
    problems.push(`${ENV.projectOnWrite} must be true or false`);
  const wsInitTimeout = get(ENV.wsInitTimeoutMs);
  if (wsInitTimeout !== undefined && !/^[1-9][0-9]*$/.test(wsInitTimeout))
    problems.push(`${ENV.wsInitTimeoutMs} must be a positive integer (milliseconds)`);
  const introspection = get(ENV.introspection) ?? 'false';
  if (introspection !== 'true' && introspection !== 'false')
    problems.push(`${ENV.introspection} must be true or false`);
  const limits = parseLimits(get(ENV.limits));
  problems.push(...limits.problems);
  const shardSize = get(ENV.shardSize);
  if (shardSize !== undefined && !/^[1-9][0-9]*$/.test(shardSize))
    problems.push(`${ENV.shardSize} must be a positive integer (connections per shard)`);
  const jwksUrl = get(ENV.jwksUrl);
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) problems.push(`${ENV.jwksUrl} must be an http(s) URL`);
  const config: HubConfig = {
    stage: get(ENV.stage) ?? 'dev',
    region: get(ENV.region) ?? 'us-east-1',
    dynamoEndpoint: get(ENV.dynamoEndpoint),
    hubTable: required(ENV.hubTable),
    connectionsTable: required(ENV.connectionsTable),
    wsManagementEndpoint: get(ENV.wsManagementEndpoint),
    auth: { jwksUrl, issuer: get(ENV.issuer), audience: get(ENV.audience) },
    webOrigin: get(ENV.webOrigin) ?? '*',
    logLevel,
    projectOnWrite: projectOnWrite !== 'false',
    ...(wsInitTimeout !== undefined ? { wsInitTimeoutMs: Number(wsInitTimeout) } : {}),
    introspection: introspection === 'true',
    limits: limits.limits,
    deliverFunction: get(ENV.deliverFunction),
    lambdaEndpoint: get(ENV.lambdaEndpoint),
    ...(shardSize !== undefined ? { shardSize: Number(shardSize) } : {}),
  };
  if (!config.auth.jwksUrl) problems.push(`${ENV.jwksUrl} is required (the OIDC issuer's JWKS URL)`);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

/**
 * Deployment parameters, read once from CDK context (`cdk.json` or `-c key=value`)
 * and validated here so a typo fails the synth with a message naming the key,
 * instead of deploying something half-configured. README.md, "Deploy to AWS" lists them.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { mergeLimits } from '../functions/core/limits/hub-limits.js';
import { type ContextReader, positiveInt, readStageThrottles, type StageThrottle } from './stage-throttles.js';

export type { ContextReader } from './stage-throttles.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface CustomDomain {
  /** e.g. `api.example.gov.cn` */
  domainName: string;
  /** ACM certificate covering the name (us-east-1 for the web/CloudFront domain, the stack's region for APIs). */
  certificateArn: string;
}

export interface ExternalOidc {
  /** `iss` of the tokens, e.g. `https://login.example.gov.cn/realms/hub`. */
  issuer: string;
  /** The accepted `aud` (or Cognito `client_id`), as a one-element list. */
  audience: string[];
  jwksUrl: string;
  /** Client id the web client signs in with; defaults to the first audience. */
  webClientId: string;
}

export interface StackConfig {
  stage: string;
  logLevel: LogLevel;
  logRetention: RetentionDays;
  alarmEmail?: string;
  /** Overrides the browser origin allowed by CORS (default: the CloudFront domain or webDomain). */
  webOrigin?: string;
  webDomain?: CustomDomain;
  apiDomain?: CustomDomain;
  wsDomain?: CustomDomain;
  /** When set, no Cognito user pool is created and these settings are used. */
  oidc?: ExternalOidc;
  /** Directory holding the web build output, relative to the repo root. */
  webDist: string;
  /** Steady-state requests/s and burst for each API stage (stage-throttles.ts; the embedded runtime enforces `http`). */
  httpThrottle: StageThrottle;
  wsThrottle: StageThrottle;
  /** How long a WebSocket may stay without a valid connection_init before the sweeper closes it (4408). */
  wsInitTimeoutMs: number;
  /** GRAPHQL_INTROSPECTION of the Http and Ws functions: off unless the context says `graphqlIntrospection: true`. */
  graphqlIntrospection: boolean;
  /** HUB_LIMITS (JSON): overrides of the per-principal caps and rate limits (functions/core/limits/hub-limits.ts). */
  limits: Record<string, unknown>;
}

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export class StackConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid CDK context: ${problems.join('; ')}`);
    this.name = 'StackConfigError';
  }
}

export function readStackConfig(get: ContextReader): StackConfig {
  const problems: string[] = [];
  const str = (key: string): string | undefined => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') {
      problems.push(`${key} must be a string`);
      return undefined;
    }
    return String(v);
  };
  const int = (key: string, fallback: number): number => positiveInt(get, key, fallback, problems);
  const bool = (key: string, fallback: boolean): boolean => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return fallback;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    problems.push(`${key} must be true or false`);
    return fallback;
  };
  const limitsContext = (v: unknown): Record<string, unknown> => {
    if (v === undefined || v === null || v === '') return {};
    const raw = typeof v === 'string' ? safeJson(v) : v;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push('limits must be a JSON object, e.g. {"mutations":{"limit":600,"windowSeconds":60}}');
      return {};
    }
    const checked = mergeLimits(raw as Record<string, unknown>);
    problems.push(...checked.problems.map((p) => p.replace('HUB_LIMITS.', 'limits.')));
    return raw as Record<string, unknown>;
  };
  const domain = (nameKey: string, certKey: string): CustomDomain | undefined => {
    const domainName = str(nameKey);
    const certificateArn = str(certKey);
    if (!domainName && !certificateArn) return undefined;
    if (!domainName || !certificateArn) {
      problems.push(`${nameKey} and ${certKey} go together`);
      return undefined;
    }
    if (!certificateArn.startsWith('arn:')) problems.push(`${certKey} must be an ACM certificate ARN`);
    return { domainName, certificateArn };
  };

  const stage = str('stage') ?? 'prod';
  // Stage names end up in resource names, the WebSocket stage path and log group names.
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) problems.push('stage must match ^[a-z][a-z0-9-]{0,19}$');

  const logLevel = (str('logLevel') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`logLevel must be one of ${LOG_LEVELS.join(', ')}`);

  const retentionDays = int('logRetentionDays', 30);
  // RetentionDays is a numeric enum of the values CloudWatch accepts.
  const logRetention = Object.values(RetentionDays).includes(retentionDays)
    ? (retentionDays as RetentionDays)
    : RetentionDays.ONE_MONTH;
  if (!Object.values(RetentionDays).includes(retentionDays))
    problems.push(
      `logRetentionDays ${retentionDays} is not a CloudWatch retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …)`,
    );

  const alarmEmail = str('alarmEmail');
  if (alarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
    problems.push('alarmEmail is not an e-mail address');

  const webOrigin = str('webOrigin');
  if (webOrigin && !/^https:\/\/[^/]+$/.test(webOrigin))
    problems.push('webOrigin must be an https origin without a path, e.g. https://hub.example.gov.cn');

  let oidc: ExternalOidc | undefined;
  const issuer = str('oidcIssuer');
  const audience = str('oidcAudience');
  if (issuer || audience) {
    if (!issuer || !audience) problems.push('oidcIssuer and oidcAudience go together');
    else if (!issuer.startsWith('https://')) problems.push('oidcIssuer must be an https URL');
    else {
      // One audience: the handlers' verifier checks a single `aud`, and the HTTP
      // API authorizer must not accept tokens the handlers then reject.
      const audiences = [audience];
      oidc = {
        issuer: issuer.replace(/\/$/, ''),
        audience: audiences,
        // Cognito and most OIDC providers publish keys here; others set oidcJwksUrl from their discovery document.
        jwksUrl: str('oidcJwksUrl') ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
        webClientId: str('oidcWebClientId') ?? audiences[0] ?? '',
      };
    }
  }

  const throttles = readStageThrottles(get, problems);
  const config: StackConfig = {
    stage,
    logLevel,
    logRetention,
    alarmEmail,
    webOrigin,
    webDomain: domain('webDomain', 'webCertificateArn'),
    apiDomain: domain('apiDomain', 'apiCertificateArn'),
    wsDomain: domain('wsDomain', 'wsCertificateArn'),
    oidc,
    webDist: str('webDist') ?? 'web/dist',
    httpThrottle: throttles.http,
    wsThrottle: throttles.ws,
    wsInitTimeoutMs: int('wsInitTimeoutMs', 10_000),
    graphqlIntrospection: bool('graphqlIntrospection', false),
    limits: limitsContext(get('limits')),
  };
  if (problems.length > 0) throw new StackConfigError(problems);
  return config;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The one `$connect` authorization path, for both runtimes: on AWS the
 * WebSocket API's REQUEST authorizer Lambda (functions/ws-authorize.ts) runs
 * `authorizeConnect`; locally the gateway (infra/local/ws-gateway.ts) runs the
 * same function on the upgrade request. Either way the verdict reaches the ws
 * handler as `requestContext.authorizer`, which `decodeConnectAuth` reads back
 * with the same `ConnectAuthContext` type `encodeConnectAuth` wrote.
 *
 * graphql-ws clients may send their token either as `?token=` on connect or in
 * the `connection_init` payload, which API Gateway never shows an authorizer.
 * So: a `?token=` that is present must verify (else the connect is denied and
 * the upgrade refused with 403, "reject bad tokens" in ARCHITECTURE.md); a
 * connect without one is allowed and marked `authenticated: false`, and the
 * protocol requires a valid token in `connection_init` within the init timeout
 * before it acks.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { type Principal, REPORT_DOMAINS, type ReportDomain, ROLES, type Role } from '../../../../schema/model.js';
import { type TokenVerifier, tokenExpiresAtMs } from '../../auth/verify-token.js';

/** What the ws handler finds in `requestContext.authorizer` (values must be strings for API Gateway). */
export interface ConnectAuthContext {
  authenticated: 'true' | 'false';
  sub?: string;
  role?: string;
  dept?: string;
  /** When the `?token=` stops being accepted, epoch ms as a string (the connection stores it). */
  tokenExpiresAt?: string;
}

/** The request fields the authorizer reads (API Gateway passes more). */
export type ConnectAuthRequest = Pick<APIGatewayRequestAuthorizerEvent, 'methodArn' | 'queryStringParameters'>;

/** Where a denial's reason goes: the logs, never the client. */
export type DenialLog = (reason: string) => void;

const consoleDenialLog: DenialLog = (reason) => console.warn(JSON.stringify({ msg: 'connect denied', reason }));

/** Only the claims travel, never the token. */
export function encodeConnectAuth(principal: Principal | null, tokenExpiresAt?: number): ConnectAuthContext {
  if (!principal) return { authenticated: 'false' };
  return {
    authenticated: 'true',
    sub: principal.sub,
    role: principal.role,
    ...(principal.dept ? { dept: principal.dept } : {}),
    ...(tokenExpiresAt !== undefined ? { tokenExpiresAt: String(tokenExpiresAt) } : {}),
  };
}

/** The `?token=`'s expiry (epoch ms) from the authorizer's context, if it wrote one. */
export function decodeConnectExpiry(context: Record<string, unknown> | null | undefined): number | undefined {
  const ms = Number(context?.tokenExpiresAt);
  return context?.tokenExpiresAt !== undefined && Number.isFinite(ms) ? ms : undefined;
}

/** The verified principal, or null for a connect without a token (or a context this module did not write). */
export function decodeConnectAuth(context: Record<string, unknown> | null | undefined): Principal | null {
  if (context?.authenticated !== 'true' || typeof context.sub !== 'string') return null;
  if (!(ROLES as readonly unknown[]).includes(context.role)) return null;
  const dept = (REPORT_DOMAINS as readonly unknown[]).includes(context.dept) ? (context.dept as ReportDomain) : null;
  return { sub: context.sub, role: context.role as Role, ...(dept ? { dept } : {}) };
}

function policy(effect: 'Allow' | 'Deny', methodArn: string, principalId: string, context?: ConnectAuthContext) {
  const result: APIGatewayAuthorizerResult = {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }],
    },
  };
  if (context) result.context = { ...context };
  return result;
}

/** The authorizer's verdict: Allow with the encoded claims, or Deny (API Gateway then answers 403). */
export async function authorizeConnect(
  request: ConnectAuthRequest,
  verify: TokenVerifier,
  logDenial: DenialLog = consoleDenialLog,
): Promise<APIGatewayAuthorizerResult> {
  const token = request.queryStringParameters?.token;
  if (!token) return policy('Allow', request.methodArn, 'anonymous', encodeConnectAuth(null));
  try {
    const principal = await verify(token);
    return policy('Allow', request.methodArn, principal.sub, encodeConnectAuth(principal, tokenExpiresAtMs(token)));
  } catch (err) {
    logDenial((err as Error).message);
    return policy('Deny', request.methodArn, 'denied');
  }
}

/** True when the verdict allows the connect (what API Gateway checks before it completes the upgrade). */
export function isAllowed(result: APIGatewayAuthorizerResult): boolean {
  const statements = result.policyDocument.Statement as { Effect?: string }[];
  return statements.length > 0 && statements.every((s) => s.Effect === 'Allow');
}

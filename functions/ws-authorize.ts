/**
 * Lambda REQUEST authorizer for the WebSocket API's `$connect` route.
 *
 * graphql-ws clients may send their token either as `?token=` on connect or in
 * the `connection_init` payload, which API Gateway never shows an authorizer.
 * So: a `?token=` that is present must verify (else the connect is denied,
 * like "reject bad tokens" in ARCHITECTURE.md); a connect without one is
 * allowed and marked `authenticated: false`, and the Ws handler requires a
 * valid token in `connection_init` within the init timeout before it acks.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { TokenVerifier } from './core/auth/verify-token.js';
import { createTokenVerifier } from './core/auth/verify-token.js';
import { loadConfig } from './core/config/config.js';

/** What the Ws handler finds in `requestContext.authorizer` (values must be strings for API Gateway). */
export interface ConnectAuthContext {
  authenticated: 'true' | 'false';
  sub?: string;
  role?: string;
  dept?: string;
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

export async function authorizeConnect(
  event: Pick<APIGatewayRequestAuthorizerEvent, 'methodArn' | 'queryStringParameters'>,
  verify: TokenVerifier,
): Promise<APIGatewayAuthorizerResult> {
  const token = event.queryStringParameters?.token;
  if (!token) return policy('Allow', event.methodArn, 'anonymous', { authenticated: 'false' });
  try {
    const principal = await verify(token);
    return policy('Allow', event.methodArn, principal.sub, {
      authenticated: 'true',
      sub: principal.sub,
      role: principal.role,
      ...(principal.dept ? { dept: principal.dept } : {}),
    });
  } catch (err) {
    // The reason goes to the logs, never to the client (API Gateway answers 403).
    console.warn(JSON.stringify({ msg: 'connect denied', reason: (err as Error).message }));
    return policy('Deny', event.methodArn, 'denied');
  }
}

let verifier: TokenVerifier | undefined;

export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  // Config is read once per cold start; the verifier caches the issuer's JWKS.
  verifier ??= createTokenVerifier(loadConfig().auth);
  return authorizeConnect(event, verifier);
};

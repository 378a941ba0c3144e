/**
 * Lambda entry: the REQUEST authorizer of the WebSocket API's `$connect`
 * route. The decision (a present `?token=` must verify; none is allowed as
 * unauthenticated) is `authorizeConnect` in core/realtime/protocol/connect-auth.ts,
 * which the local gateway runs too.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createTokenVerifier, type TokenVerifier } from './core/auth/verify-token.js';
import { loadConfig } from './core/config/config.js';
import { authorizeConnect } from './core/realtime/protocol/connect-auth.js';

let verifier: TokenVerifier | undefined;

export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  // Config is read once per cold start; the verifier caches the issuer's JWKS.
  verifier ??= createTokenVerifier(loadConfig().auth);
  return authorizeConnect(event, verifier);
};

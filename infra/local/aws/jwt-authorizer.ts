/**
 * API Gateway's JWT authorizer of the HTTP API, in front of every route the
 * manifest does not mark `public`. It reads the `Authorization` header (with
 * or without the `Bearer ` prefix, as API Gateway does), verifies the token
 * with the same verifier the Http function uses (issuer, audience, expiry,
 * signature), and refuses anything else with 401 `{"message":"Unauthorized"}`:
 * the Lambda is then never invoked. One difference: the shared verifier also
 * checks the hub's own claims (a known role, a department's `dept`), which on
 * AWS only the Lambda checks (401 with a GraphQL error); locally the
 * gateway's 401 comes first.
 */
import type { TokenVerifier } from '../../../functions/core/auth/verify-token.js';

export type AuthorizerDecision = { allowed: true } | { allowed: false; reason: string };

export interface JwtAuthorizer {
  authorize(authorizationHeader: string | undefined): Promise<AuthorizerDecision>;
  readonly stats: { allowed: number; denied: number };
}

/** The token of an `Authorization` header: API Gateway strips an optional `Bearer ` prefix. */
export function tokenOfHeader(header: string | undefined): string | null {
  const value = header?.trim();
  if (!value) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(value);
  if (m) return m[1];
  return /\s/.test(value) ? null : value;
}

export function createJwtAuthorizer(verify: TokenVerifier): JwtAuthorizer {
  const stats = { allowed: 0, denied: 0 };
  const deny = (reason: string): AuthorizerDecision => {
    stats.denied++;
    return { allowed: false, reason };
  };
  return {
    stats,
    async authorize(header) {
      const token = tokenOfHeader(header);
      if (!token) return deny('no token in the Authorization header');
      try {
        await verify(token);
      } catch (err) {
        return deny((err as Error).message);
      }
      stats.allowed++;
      return { allowed: true };
    },
  };
}

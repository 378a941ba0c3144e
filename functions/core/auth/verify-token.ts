/**
 * Verifies bearer tokens and turns their claims into a Principal. The same
 * code accepts tokens from the embedded runtime's local key and from any
 * OIDC issuer's JWKS (Cognito on AWS). Roles come from a `role` claim, a
 * Cognito `custom:role` attribute or a Cognito group; departments from
 * `dept` / `custom:dept`.
 */
import { createRemoteJWKSet, decodeJwt, importSPKI, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../../../schema/errors.js';
import { type Principal, REPORT_DOMAINS, type ReportDomain, ROLES, type Role } from '../../../schema/model.js';
import type { AuthConfig } from '../config/config.js';

export type TokenVerifier = (token: string) => Promise<Principal>;

export const LOCAL_ISSUER = 'guancheng-live-local';
export const LOCAL_AUDIENCE = 'guancheng-live';
export const LOCAL_ALG = 'ES256';

/**
 * Seconds of clock skew allowed on `exp`/`nbf`/`iat`. A few seconds cover NTP-synced
 * hosts; more would keep an expired token working (30 s before issue 9) and delay the
 * end of a socket's subscriptions past its token's expiry by as much.
 */
export const CLOCK_TOLERANCE_SECONDS = 5;

export function createTokenVerifier(auth: AuthConfig): TokenVerifier {
  let keyPromise: Promise<JWTVerifyGetKey | CryptoKey> | undefined;
  const key = () => {
    keyPromise ??= auth.localPublicKeyPem
      ? importSPKI(auth.localPublicKeyPem, LOCAL_ALG)
      : Promise.resolve(createRemoteJWKSet(new URL(auth.jwksUrl ?? 'https://invalid.example/jwks')));
    return keyPromise;
  };
  const issuer = auth.issuer ?? (auth.localPublicKeyPem ? LOCAL_ISSUER : undefined);
  const audiences = parseAudiences(auth.audience ?? (auth.localPublicKeyPem ? LOCAL_AUDIENCE : undefined));
  return async (token) => {
    if (!auth.localPublicKeyPem && !auth.jwksUrl)
      throw new UnauthenticatedError('Token verification is not configured');
    let payload: JWTPayload;
    try {
      const k = await key();
      // A token without `exp` would keep a socket open forever: require one (Cognito's always have it).
      const options = { issuer, clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['exp'] };
      // Cognito access tokens carry client_id instead of aud; check it by hand below.
      const result =
        typeof k === 'function' ? await jwtVerify(token, k, options) : await jwtVerify(token, k as CryptoKey, options);
      payload = result.payload;
    } catch (err) {
      const reason =
        (err as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid';
      throw new UnauthenticatedError(`${reason}; get a new one (npm run token -- <role> locally)`);
    }
    if (!audiences) return principalFromClaims(payload);
    const aud = payload.aud ?? (payload as { client_id?: string }).client_id;
    const matched = audiences.find((a) => (Array.isArray(aud) ? aud.includes(a.id) : aud === a.id));
    if (!matched) throw new UnauthenticatedError('The token was issued for another application');
    const principal = principalFromClaims(payload);
    if (matched.onlyRole && principal.role !== matched.onlyRole) {
      // The wall screens' client holds months-long refresh tokens: they must never carry more than a screen's rights.
      throw new UnauthenticatedError(`Tokens of this application are accepted for the ${matched.onlyRole} role only`);
    }
    return principal;
  };
}

/**
 * AUTH_AUDIENCE: one client id, or several separated by commas; `id=role` limits that
 * client's tokens to one role (the enrolled wall screens' Cognito client: `=screen`).
 */
export function parseAudiences(setting: string | undefined): { id: string; onlyRole?: Role }[] | undefined {
  if (!setting) return undefined;
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, role] = entry.split('=');
      if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
        throw new Error(`AUTH_AUDIENCE entry "${entry}": the role after = must be one of ${ROLES.join(', ')}`);
      }
      return { id, ...(role ? { onlyRole: role as Role } : {}) };
    });
}

export function principalFromClaims(claims: JWTPayload & Record<string, unknown>): Principal {
  const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
  const role = (claims.role ?? claims['custom:role'] ?? groups.find((g) => (ROLES as readonly string[]).includes(g))) as
    | Role
    | undefined;
  if (!claims.sub) throw new UnauthenticatedError('The token has no subject (sub)');
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new UnauthenticatedError(`The token has no known role; expected one of ${ROLES.join(', ')}`);
  }
  const dept = (claims.dept ?? claims['custom:dept']) as ReportDomain | undefined;
  if (role === 'department' && (!dept || !(REPORT_DOMAINS as readonly string[]).includes(dept))) {
    throw new UnauthenticatedError(`A department token needs dept = ${REPORT_DOMAINS.join(' | ')}`);
  }
  const name = (claims.name ?? claims.preferred_username ?? claims['cognito:username']) as string | undefined;
  return { sub: claims.sub, role, ...(role === 'department' ? { dept } : {}), ...(name ? { name } : {}) };
}

/** `Bearer <jwt>` → `<jwt>`; anything else → null. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/**
 * When a token that was just verified stops being accepted, epoch ms (its `exp`
 * plus the clock tolerance); undefined when it has no `exp`. Only for tokens that
 * passed the verifier: the claim is read, not checked, here. The WebSocket
 * connection stores it so the server ends the connection when the token expires.
 */
export function tokenExpiresAtMs(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? (exp + CLOCK_TOLERANCE_SECONDS) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** True when a stored token expiry (epoch ms) has passed. */
export function tokenExpired(tokenExpiresAt: number | undefined, nowMs: number): boolean {
  return tokenExpiresAt !== undefined && nowMs >= tokenExpiresAt;
}

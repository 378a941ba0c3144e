/** `$connect` authorizer decisions, with real tokens from a throwaway local key. */
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTokenVerifier,
  LOCAL_ALG,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  type TokenVerifier,
  tokenExpiresAtMs,
} from '../../functions/core/auth/verify-token.js';
import { authorizeConnect } from '../../functions/core/realtime/protocol/connect-auth.js';

const methodArn = 'arn:aws:execute-api:ap-east-1:123456789012:abc123/prod/$connect';
let verify: TokenVerifier;
let sign: (claims: Record<string, unknown>, issuer?: string) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair(LOCAL_ALG, { extractable: true });
  verify = createTokenVerifier({ localPublicKeyPem: await exportSPKI(publicKey) });
  sign = (claims, issuer = LOCAL_ISSUER) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: LOCAL_ALG })
      .setIssuer(issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject('screen-1')
      .setExpirationTime('5m')
      .sign(privateKey);
});

const effect = (r: Awaited<ReturnType<typeof authorizeConnect>>) =>
  (r.policyDocument.Statement[0] as { Effect: string }).Effect;

describe('ws $connect authorizer', () => {
  it('admits a token-less connect as unauthenticated (token comes in connection_init)', async () => {
    const r = await authorizeConnect({ methodArn, queryStringParameters: null }, verify);
    expect(effect(r)).toBe('Allow');
    expect(r.context).toEqual({ authenticated: 'false' });
  });

  it('admits a valid ?token= with the principal and the token expiry in the context', async () => {
    const token = await sign({ role: 'department', dept: 'sorting' });
    const r = await authorizeConnect({ methodArn, queryStringParameters: { token } }, verify);
    expect(effect(r)).toBe('Allow');
    expect(r.principalId).toBe('screen-1');
    expect(r.context).toEqual({
      authenticated: 'true',
      sub: 'screen-1',
      role: 'department',
      dept: 'sorting',
      tokenExpiresAt: String(tokenExpiresAtMs(token)),
    });
  });

  it.each([
    ['garbage', async () => 'not-a-jwt'],
    ['wrong issuer', async () => sign({ role: 'screen' }, 'https://evil.example')],
    ['no role', async () => sign({})],
  ])('denies a present but bad token: %s', async (_name, make) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const token = await make();
    const r = await authorizeConnect({ methodArn, queryStringParameters: { token } }, verify);
    expect(effect(r)).toBe('Deny');
    expect(r.context).toBeUndefined();
    // The reason is logged; the token itself never is.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).not.toContain(token);
    warn.mockRestore();
  });
});

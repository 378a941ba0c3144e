/**
 * The verifier used on AWS: tokens from an OIDC issuer checked against its
 * JWKS (served here by a local HTTP server), with issuer and audience — the
 * same code that verifies the embedded runtime's local tokens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../functions/core/auth/verify-token.js';
import { UnauthenticatedError } from '../../schema/errors.js';

describe('OIDC token verification via JWKS', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  const issuer = 'https://cognito-idp.cn-north-1.amazonaws.com.cn/pool-1';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const sign = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string; exp?: string } = {}) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('user-1')
      .setIssuer(opts.iss ?? issuer)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '1h');
    if (opts.aud) jwt = jwt.setAudience(opts.aud);
    return jwt.sign(privateKey);
  };

  it('accepts an ID token with Cognito attributes and the right audience', async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer, audience: 'client-1' });
    const token = await sign({ 'custom:role': 'department', 'custom:dept': 'construction' }, { aud: 'client-1' });
    expect(await verify(token)).toEqual({ sub: 'user-1', role: 'department', dept: 'construction' });
  });

  it('accepts an access token carrying client_id and a group', async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer, audience: 'client-1' });
    expect(await verify(await sign({ client_id: 'client-1', 'cognito:groups': ['screen'] }))).toMatchObject({
      role: 'screen',
    });
  });

  it('refuses another issuer, another audience, an expired token and a forged signature', async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer, audience: 'client-1' });
    await expect(
      verify(await sign({ role: 'screen' }, { iss: 'https://evil.example', aud: 'client-1' })),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verify(await sign({ role: 'screen' }, { aud: 'client-2' }))).rejects.toThrow(/another application/);
    await expect(verify(await sign({ role: 'screen' }, { aud: 'client-1', exp: '-10m' }))).rejects.toThrow(/expired/);
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('x')
      .setIssuer(issuer)
      .setAudience('client-1')
      .setExpirationTime('1h')
      .sign(other.privateKey);
    await expect(verify(forged)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

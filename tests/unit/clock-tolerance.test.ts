/** Issue 9: JWT clock tolerance is a few seconds (it was 30 s), and a verified token's expiry is what sockets store. */
import { importPKCS8, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_TOLERANCE_SECONDS,
  createTokenVerifier,
  LOCAL_ALG,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  tokenExpired,
  tokenExpiresAtMs,
} from '../../functions/core/auth/verify-token.js';
import { generateLocalKeys } from '../../infra/local/local-keys.js';

describe('clock tolerance', () => {
  it('accepts a token a moment past exp, refuses one past the tolerance, and names the reason', async () => {
    expect(CLOCK_TOLERANCE_SECONDS).toBeLessThanOrEqual(5);
    const keys = await generateLocalKeys();
    const key = await importPKCS8(keys.privateKeyPem, LOCAL_ALG);
    const now = Math.floor(Date.now() / 1000);
    const sign = (exp: number) =>
      new SignJWT({ role: 'screen' })
        .setProtectedHeader({ alg: LOCAL_ALG })
        .setSubject('wall-1')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(now - 3600)
        .setExpirationTime(exp)
        .sign(key);
    const verify = createTokenVerifier({ localPublicKeyPem: keys.publicKeyPem });
    await expect(verify(await sign(now - 2))).resolves.toMatchObject({ sub: 'wall-1', role: 'screen' });
    await expect(verify(await sign(now - CLOCK_TOLERANCE_SECONDS - 3))).rejects.toThrow('The token has expired');

    const token = await sign(now + 60);
    expect(tokenExpiresAtMs(token)).toBe((now + 60 + CLOCK_TOLERANCE_SECONDS) * 1000);
    expect(tokenExpired(tokenExpiresAtMs(token), Date.now())).toBe(false);
    expect(tokenExpired(tokenExpiresAtMs(token), (now + 61 + CLOCK_TOLERANCE_SECONDS) * 1000)).toBe(true);
    expect(tokenExpired(undefined, Date.now())).toBe(false);
    expect(tokenExpiresAtMs('not a jwt')).toBeUndefined();
  });
});

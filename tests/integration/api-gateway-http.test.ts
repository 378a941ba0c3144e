/**
 * The embedded HTTP API does what API Gateway's does before the Http
 * function runs: the stage throttle (429 + Retry-After, then recovery), the
 * JWT authorizer on `/graphql` (401 `{"message":"Unauthorized"}`, the
 * function never invoked), the public `/healthz`, and 404 for routes the
 * manifest does not declare.
 */
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ALG, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../functions/core/auth/verify-token.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

const post = (url: string, token?: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: '{"query":"{ me { sub role } }"}',
  });

describe('HTTP stage throttle', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ httpThrottle: { rateLimit: 2, burstLimit: 3 } });
  });
  afterAll(() => hub.close());

  it('answers 429 Too Many Requests with Retry-After past the burst, /healthz included, and recovers', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`${hub.url}/healthz`)));
    const statuses = answers.map((r) => r.status).sort();
    // 3 tokens of burst; the refill (2/s) may add one while the six are in flight.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(4);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const r of refused) {
      expect(await r.text()).toBe('{"message":"Too Many Requests"}');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // A throttled POST with a valid token is refused before the authorizer and the function.
    const screen = await hub.token('screen');
    const throttled = await post(hub.url, `Bearer ${screen}`);
    expect(throttled.status).toBe(429);
    await throttled.body?.cancel();

    await new Promise((r) => setTimeout(r, Number(refused[0].headers.get('retry-after')) * 1000));
    const recovered = await post(hub.url, `Bearer ${screen}`);
    expect(recovered.status).toBe(200);
    expect(await recovered.json()).toEqual({ data: { me: { sub: 'screen-1', role: 'SCREEN' } } });
  });
});

describe('JWT authorizer and routes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('refuses a missing, malformed, foreign or expired token with 401 {"message":"Unauthorized"}', async () => {
    const key = await importPKCS8(hub.keys.privateKeyPem, LOCAL_ALG);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ role: 'screen' })
      .setProtectedHeader({ alg: LOCAL_ALG })
      .setSubject('screen-1')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(hourAgo - 60)
      .setExpirationTime(hourAgo)
      .sign(key);
    for (const header of [undefined, 'Bearer', 'Basic abc def', 'Bearer not-a-jwt', `Bearer ${expired}`]) {
      const res = await post(hub.url, header);
      expect(res.status, String(header)).toBe(401);
      // The function's own 401 is a GraphQL error body: this one never reached it.
      expect(await res.text()).toBe('{"message":"Unauthorized"}');
    }
    // The same expired token, straight to the function: its own answer.
    const lambda = await hub.lambdaGql('{ me { sub } }', {}, expired);
    expect(lambda.status).toBe(401);
    expect(lambda.body.errors?.[0].message).toContain('expired');
  });

  it('lets a valid token through, with or without the Bearer prefix, as API Gateway does', async () => {
    const screen = await hub.token('screen');
    const res = await post(hub.url, `Bearer ${screen}`);
    expect(await res.json()).toEqual({ data: { me: { sub: 'screen-1', role: 'SCREEN' } } });
    // Without the prefix the authorizer admits it and the function refuses it (it requires Bearer).
    const bare = await post(hub.url, screen);
    expect(bare.status).toBe(401);
    expect((await bare.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('serves the public /healthz without a token and answers 404 for routes the manifest lacks', async () => {
    expect(await (await fetch(`${hub.url}/healthz`)).json()).toEqual({ ok: true });
    const screen = await hub.token('screen');
    // GraphQL over GET is no route of the HTTP API (only GraphiQL for a browser, locally).
    const get = await fetch(`${hub.url}/graphql?query=%7Bme%7Bsub%7D%7D`, {
      headers: { authorization: `Bearer ${screen}` },
    });
    expect(get.status).toBe(404);
    expect(await get.text()).toBe('{"message":"Not Found"}');
    const put = await fetch(`${hub.url}/graphql`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(404);
    await put.body?.cancel();
  });
});

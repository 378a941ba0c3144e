/**
 * Issue 9: the embedded runtime's one-click sign-in endpoint answers loopback
 * requests only, refuses bad input with a reason in Chinese and English, and
 * exists in no Lambda handler.
 */
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost, localTokenEndpoint } from '../../infra/local/local-token-endpoint.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

interface Answer {
  status: number;
  body: { token?: string; message?: string };
}

function post(host: string, port: number, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path: '/local/token', method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** This machine's first non-loopback IPv4 address (the sandbox has one on eth0). */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('POST /local/token (embedded runtime only)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    // Listening on every interface, as `npm start -- --host 0.0.0.0` would: the endpoint must still refuse.
    hub = await startTestHub({ host: '0.0.0.0' });
  });
  afterAll(() => hub.close());

  it('mints a working token per role for a loopback request, and config.json points the sign-in page at it', async () => {
    for (const [ask, me] of [
      [{ role: 'screen' }, { role: 'SCREEN' }],
      [
        { role: 'department', dept: 'sorting' },
        { role: 'DEPARTMENT', dept: 'sorting' },
      ],
      [{ role: 'auditor' }, { role: 'AUDITOR' }],
      [{ role: 'admin' }, { role: 'ADMIN' }],
    ] as const) {
      const res = await post('127.0.0.1', hub.port, JSON.stringify(ask));
      expect(res.status).toBe(200);
      const whoami = await hub.gql<{ me: Record<string, unknown> }>('{ me { role dept } }', {}, res.body.token);
      expect(whoami.body.data?.me).toMatchObject(me);
    }
    const config = await (await fetch(`http://127.0.0.1:${hub.port}/config.json`)).json();
    expect(config.auth).toEqual({ mode: 'local', tokenUrl: '/local/token' });
    expect(config.keepAliveMs).toBe(200_000);
  });

  it('refuses a request from another machine and one addressed to another host name (DNS rebinding)', async () => {
    expect(outsideAddress, 'this test needs a non-loopback IPv4 interface').toBeDefined();
    const outside = await post(outsideAddress as string, hub.port, '{"role":"admin"}');
    expect(outside).toEqual({
      status: 403,
      body: { message: '本地令牌只签发给本机（loopback）请求 / local tokens are issued to loopback requests only' },
    });
    const rebound = await post('127.0.0.1', hub.port, '{"role":"admin"}', { host: 'evil.example:4000' });
    expect(rebound.status).toBe(403);
  });

  it('names what is wrong with a bad request, in Chinese and English', async () => {
    const bad = async (body: string, headers?: Record<string, string>) => post('127.0.0.1', hub.port, body, headers);
    expect(await bad('{"role":"mayor"}')).toEqual({
      status: 400,
      body: {
        message:
          'role 必须是 screen | department | auditor | admin / role must be one of screen | department | auditor | admin (got mayor)',
      },
    });
    expect((await bad('{"role":"department"}')).body.message).toContain('a department token needs dept');
    expect((await bad('{"role":"screen","dept":"sorting"}')).body.message).toContain('dept is only for department');
    expect((await bad('not json')).status).toBe(400);
    expect((await bad('{"role":"screen"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`http://127.0.0.1:${hub.port}/local/token`)).status).toBe(405);
  });

  it('does not exist in the Lambda handlers: the Http function answers the path 404', async () => {
    const result = await hub.httpHandler({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/local/token',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/local/token', sourceIp: '127.0.0.1' } },
      body: '{"role":"admin"}',
      isBase64Encoded: false,
    } as unknown as Parameters<TestHub['httpHandler']>[0]);
    expect(JSON.stringify(result)).not.toContain('token":"ey');
    expect((result as { statusCode?: number }).statusCode).toBe(404);
  });
});

describe('loopback checks', () => {
  it('tells loopback addresses and host names from others', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.3.2.1'].every(isLoopbackAddress)).toBe(true);
    expect(['192.0.2.2', '::ffff:10.0.0.1', 'fd00::2', undefined].some(isLoopbackAddress)).toBe(false);
    expect(['localhost', 'localhost:4000', '127.0.0.1:4000', '[::1]:4000'].every(isLoopbackHost)).toBe(true);
    expect(['evil.example', 'localhost.evil.example', '192.0.2.2:4000', undefined].some(isLoopbackHost)).toBe(false);
    expect(typeof localTokenEndpoint('unused').handleRequest).toBe('function');
  });
});

/**
 * Cheaper posts: one management client per endpoint for the whole process,
 * whose sockets stay open between posts. A stand-in `@connections` endpoint
 * counts TCP connections: 200 posts, 16 at a time, reuse at most 16 sockets
 * (a client per post, or no keep-alive, would open one per post).
 *
 * Posts skip the SDK's middleware (signed-post.ts), so the request they send is
 * checked here as API Gateway would: the endpoint recomputes the SigV4
 * signature of what it received, and the statuses map to the same errors.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../functions/core/map-limit.js';
import { apiGatewaySockets, createManagementClient } from '../../functions/core/realtime/connections/apigw-socket.js';
import { PostFailedError } from '../../functions/core/realtime/connections/signed-post.js';
import { GoneError, PayloadTooLargeError } from '../../functions/core/realtime/connections/socket.js';

interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('the management API client', () => {
  let server: Server;
  let endpoint: string;
  let connections = 0;
  const bodies: string[] = [];
  const received: Received[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        bodies.push(body);
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers as Record<string, string>,
          body,
        });
        // a connection id naming a status answers with it (410 gone, 413 too large, 429 throttled)
        const answer = Number(/status-(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
        res.writeHead(answer, { 'content-type': 'application/json' }).end(answer === 200 ? '{}' : '{"message":"no"}');
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(() => r(null)));
  });

  it('is made once per endpoint and region, and reused', () => {
    const a = createManagementClient(endpoint, 'local');
    expect(createManagementClient(endpoint, 'local')).toBe(a);
    expect(createManagementClient(endpoint, 'eu-west-1')).not.toBe(a);
  });

  it('keeps its sockets alive: 200 posts, 16 in flight, over at most 16 connections', async () => {
    const socketFor = apiGatewaySockets(createManagementClient(endpoint, 'local'));
    const ids = Array.from({ length: 200 }, (_, i) => `c${i}`);
    await mapLimit(ids, 16, (id) => socketFor(id).send(`{"id":"${id}","type":"next","payload":{}}`));
    expect(bodies).toHaveLength(200);
    expect(bodies).toContain('{"id":"c7","type":"next","payload":{}}');
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(16);
  });

  it('signs each post as API Gateway verifies it: the endpoint recomputes the signature of what it received', async () => {
    const region = 'eu-west-1';
    const { client } = createManagementClient(`${endpoint}/prod`, region);
    const socketFor = apiGatewaySockets(createManagementClient(`${endpoint}/prod`, region));
    received.length = 0;
    await socketFor('L0SM9cOFvHcCIhw=').send('{"type":"next"}');
    const [got] = received;
    expect(got.url).toBe('/prod/@connections/L0SM9cOFvHcCIhw%3D');
    const auth =
      /Credential=([^/]+)\/(\d{8})\/([^/]+)\/execute-api\/aws4_request, SignedHeaders=([^,]+), Signature=(\w+)/.exec(
        got.headers.authorization,
      );
    expect(auth?.[3]).toBe(region);
    const [, , , , signedHeaders, signature] = auth as RegExpExecArray;
    expect(signedHeaders.split(';')).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type']));
    const verifier = new SignatureV4({
      service: 'execute-api',
      region,
      credentials: client.config.credentials,
      sha256: client.config.sha256,
    });
    const amzDate = got.headers['x-amz-date'];
    const signingDate = new Date(
      `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
    );
    const headers = Object.fromEntries(signedHeaders.split(';').map((h) => [h, got.headers[h]]));
    const [path] = got.url.split('?');
    const again = await verifier.sign(
      { method: got.method, protocol: 'http:', hostname: '127.0.0.1', path, query: {}, headers, body: got.body },
      { signingDate },
    );
    expect(again.headers.authorization).toContain(`Signature=${signature}`);
  });

  it('answers 410 as gone, 413 as too large and anything else as a failed post the caller may retry', async () => {
    const socketFor = apiGatewaySockets(createManagementClient(endpoint, 'local'));
    await expect(socketFor('status-410').send('{}')).rejects.toBeInstanceOf(GoneError);
    await expect(socketFor('status-413').send('{}')).rejects.toBeInstanceOf(PayloadTooLargeError);
    const throttled = await socketFor('status-429')
      .send('{}')
      .catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(PostFailedError);
    expect((throttled as PostFailedError).statusCode).toBe(429);
  });
});

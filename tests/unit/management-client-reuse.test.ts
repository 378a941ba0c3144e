/**
 * Cheaper posts: one management client per endpoint for the whole process,
 * whose sockets stay open between posts. A stand-in `@connections` endpoint
 * counts TCP connections: 200 posts, 16 at a time, reuse at most 16 sockets
 * (a client per post, or no keep-alive, would open one per post).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../functions/core/map-limit.js';
import { apiGatewaySockets, createManagementClient } from '../../functions/core/realtime/connections/apigw-socket.js';

describe('the management API client', () => {
  let server: Server;
  let endpoint: string;
  let connections = 0;
  const bodies: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
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
});

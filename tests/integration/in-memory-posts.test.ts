/**
 * The local gateway's `@connections` posts travel as HTTP/1.1 over in-memory
 * streams (infra/local/in-memory-socket.ts), not loopback TCP: the same signed
 * requests reach the same handler, connections are kept alive and reused, and
 * an endpoint no longer carried (its gateway closed) is reached over TCP again.
 */
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../functions/core/logger.js';
import { mapLimit } from '../../functions/core/map-limit.js';
import {
  carryEndpointInMemory,
  createManagementClient,
} from '../../functions/core/realtime/connections/apigw-socket.js';
import { type LocalServer, startLocalServer } from '../../infra/local/local-server.js';

interface Seen {
  path: string;
  body: string;
  signed: boolean;
  overTcp: boolean;
}

describe('posts to the local gateway in memory', () => {
  let local: LocalServer;
  let endpoint: string;
  const seen: Seen[] = [];
  beforeAll(async () => {
    local = await startLocalServer({ port: 0, logger: createLogger('error', {}, () => {}) });
    endpoint = `http://127.0.0.1:${local.port}`;
    local.use({
      async handleRequest(req, res) {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        seen.push({
          path: req.url ?? '',
          body: Buffer.concat(chunks).toString(),
          signed: String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=local/'),
          overTcp: req.socket instanceof Socket,
        });
        res.writeHead(200, { 'content-length': 0 });
        res.end();
        return true;
      },
    });
  });
  afterAll(() => local.close());

  it('carries signed posts over in-memory connections, reused between posts', async () => {
    const undo = carryEndpointInMemory(endpoint, () => local.connectInMemory());
    try {
      // One client per endpoint and signer for the process, as in a Lambda: made after the endpoint is carried or before.
      const { post } = createManagementClient(endpoint, 'local');
      await mapLimit(
        Array.from({ length: 200 }, (_, i) => i),
        8,
        (i) => post(`conn-${i}`, `{"n":${i}}`),
      );
      expect(seen).toHaveLength(200);
      expect(seen.every((s) => s.signed && !s.overTcp)).toBe(true);
      expect(seen.find((s) => s.path === '/@connections/conn-7')?.body).toBe('{"n":7}');
      // Kept alive: at most one connection per post in flight, not one per post.
      expect(local.inMemoryConnections).toBeGreaterThan(0);
      expect(local.inMemoryConnections).toBeLessThanOrEqual(8);
    } finally {
      undo();
    }
  });

  it('reaches an endpoint that is no longer carried over TCP', async () => {
    seen.length = 0;
    const before = local.inMemoryConnections;
    const { post } = createManagementClient(endpoint, 'local');
    // Sockets kept alive from the test above still work; new ones are TCP. Enough posts at once to need new ones.
    await Promise.all(Array.from({ length: 20 }, (_, i) => post(`tcp-${i}`, 'x')));
    expect(seen).toHaveLength(20);
    expect(seen.some((s) => s.overTcp)).toBe(true);
    expect(local.inMemoryConnections).toBe(before);
  });
});

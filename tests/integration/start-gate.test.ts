/**
 * Issue 11, acceptances 2 and 3: from the moment the port opens, every
 * request is answered (503 with Retry-After until the hub is ready, never left
 * hanging), and while the demo seed runs a WebSocket is refused 503 with
 * Retry-After, so no operation sees half-seeded data; once the gate opens the
 * same upgrade reaches the gateway.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../functions/core/logger.js';
import { startEmbedded } from '../../infra/local/embedded.js';
import { type LocalServerPlugin, startLocalServer } from '../../infra/local/local-server.js';
import { wsUrl } from '../helpers/ws-client.js';

const silent = createLogger('error', {}, () => {});

/** One GET /healthz; rejects when no answer arrives in 5 s (a hang). */
const probe = (port: number) =>
  new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
    });
    req.on('timeout', () => req.destroy(new Error('probe unanswered for 5 s')));
    req.on('error', reject);
    req.end();
  });

/** Opens a WebSocket; resolves with the HTTP status of a refused upgrade, or 101. */
const upgrade = (port: number) =>
  new Promise<{ status: number; retryAfter?: string }>((resolve) => {
    const ws = new WebSocket(wsUrl(port), 'graphql-transport-ws');
    ws.once('open', () => {
      ws.terminate();
      resolve({ status: 101 });
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined });
      ws.terminate();
    });
    ws.once('error', () => resolve({ status: 0 }));
  });

describe('the start gate', () => {
  it('answers a probe polled every millisecond during start: 503 with Retry-After, then 200', async () => {
    const answers: { status: number; retryAfter?: string }[] = [];
    let stop = false;
    let polling: Promise<void> = Promise.resolve();
    const hub = await startEmbedded({
      memory: true,
      ephemeralKeys: true,
      port: 0,
      logger: silent,
      onListening: (url) => {
        const port = Number(new URL(url).port);
        polling = (async () => {
          while (!stop) {
            answers.push(await probe(port));
            await new Promise((r) => setTimeout(r, 1));
          }
        })();
      },
    });
    answers.push(await probe(hub.port));
    stop = true;
    await polling;
    await hub.close();
    expect(answers.length).toBeGreaterThan(1);
    for (const a of answers) {
      expect([200, 503]).toContain(a.status);
      if (a.status === 503) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(answers.at(-1)?.status).toBe(200);
    // Once ready it stays ready.
    const firstReady = answers.findIndex((a) => a.status === 200);
    expect(answers.slice(firstReady).every((a) => a.status === 200)).toBe(true);
  });

  it('refuses WebSocket upgrades 503 with Retry-After before routing and while seeding, then lets them through', async () => {
    const local = await startLocalServer({ port: 0, logger: silent });
    const upgraded: string[] = [];
    const gateway: LocalServerPlugin = {
      handleUpgrade: (req, socket) => {
        upgraded.push(req.url ?? '');
        socket.end('HTTP/1.1 418 Reached\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      },
    };
    local.use(gateway);
    expect(await upgrade(local.port)).toEqual({ status: 503, retryAfter: '1' });
    expect((await probe(local.port)).status).toBe(503);
    let finishSeed!: () => void;
    const seeding = new Promise<void>((r) => {
      finishSeed = r;
    });
    local.route({
      httpHandler: async () => ({ statusCode: 200, body: '{"ok":true}' }),
      stage: {
        servesPath: () => true,
        admit: async () => ({ invoke: true }),
      } as unknown as Parameters<typeof local.route>[0]['stage'],
      webRoot: 'web/dist',
      clientConfig: {},
    });
    local.holdUntil(seeding, () => ({ sorting: 'half' }));
    expect(await upgrade(local.port)).toEqual({ status: 503, retryAfter: '1' });
    expect(upgraded).toEqual([]);
    finishSeed();
    await seeding;
    expect((await upgrade(local.port)).status).toBe(418);
    expect(upgraded).toEqual(['/graphql']);
    await local.close();
  });
});

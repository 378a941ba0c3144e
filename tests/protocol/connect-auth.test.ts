/**
 * One `$connect` path: the authorizer module that runs on AWS also runs in the
 * local gateway, before `$connect`, and its context reaches the ws handler as
 * `requestContext.authorizer` on every route.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger, silentLogger } from '../../functions/core/logger.js';
import {
  authorizeConnect,
  decodeConnectAuth,
  encodeConnectAuth,
} from '../../functions/core/realtime/protocol/connect-auth.js';
import type { WsEvent } from '../../functions/core/realtime/protocol/ws-event.js';
import { createWsGateway, type WsGateway } from '../../infra/local/ws-gateway.js';
import type { Principal } from '../../schema/model.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { RawSocket, wsUrl } from '../helpers/ws-client.js';

describe('connect-auth encodes and decodes the authorizer context with one type', () => {
  it('round-trips the claims a department token gives, never more', () => {
    const principal: Principal = { sub: 'u-1', role: 'department', dept: 'housing', name: 'Li' };
    const context = encodeConnectAuth(principal);
    expect(context).toEqual({ authenticated: 'true', sub: 'u-1', role: 'department', dept: 'housing' });
    expect(decodeConnectAuth({ ...context })).toEqual({ sub: 'u-1', role: 'department', dept: 'housing' });
  });

  it('decodes a token-less connect, a missing context and a foreign one as no principal', () => {
    expect(decodeConnectAuth({ ...encodeConnectAuth(null) })).toBeNull();
    expect(decodeConnectAuth(null)).toBeNull();
    expect(decodeConnectAuth({ authenticated: 'true', sub: 'x', role: 'root' })).toBeNull();
    expect(decodeConnectAuth({ authenticated: 'false', sub: 'x', role: 'screen' })).toBeNull();
  });
});

/** A bare gateway in front of a recording handler: what API Gateway would invoke, and with what. */
async function gatewayWith(authorize: Parameters<typeof createWsGateway>[0]['authorize']) {
  const events: WsEvent[] = [];
  const gateway: WsGateway = createWsGateway({
    handler: async (event) => {
      events.push(event);
      if (event.requestContext.eventType === 'CONNECT')
        return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'graphql-transport-ws' } };
      return { statusCode: 200 };
    },
    authorize,
    logger: silentLogger,
  });
  const server: Server = createServer();
  const onUpgrade = gateway.handleUpgrade;
  if (onUpgrade) server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const close = async () => {
    await gateway.close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { events, gateway, port, close };
}

const verifyOnly =
  (good: string, principal: Principal) =>
  async (token: string): Promise<Principal> => {
    if (token !== good) throw new Error('signature verification failed');
    return principal;
  };

describe('the local gateway runs the $connect authorizer', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('refuses a bad ?token= with 403 and never invokes the handler', async () => {
    const g = await gatewayWith((req) =>
      authorizeConnect(req, verifyOnly('good', { sub: 's', role: 'screen' }), () => {}),
    );
    close = g.close;
    await expect(RawSocket.open(g.port, '?token=bad')).rejects.toThrow('HTTP 403');
    expect(g.events).toEqual([]);
    expect(g.gateway.connections.size).toBe(0);
  });

  it('passes the authorizer context on $connect, $default and $disconnect, as API Gateway does', async () => {
    const g = await gatewayWith((req) =>
      authorizeConnect(req, verifyOnly('good', { sub: 'wall-1', role: 'screen' }), () => {}),
    );
    close = g.close;
    const s = await RawSocket.open(g.port, '?token=good');
    s.send({ type: 'ping' });
    await expect.poll(() => g.events.length).toBe(2);
    s.ws.close();
    await expect.poll(() => g.events.length).toBe(3);
    expect(g.events.map((e) => e.requestContext.routeKey)).toEqual(['$connect', '$default', '$disconnect']);
    for (const e of g.events) {
      expect(e.requestContext.authorizer).toMatchObject({
        authenticated: 'true',
        sub: 'wall-1',
        role: 'screen',
        principalId: 'wall-1',
      });
      expect(decodeConnectAuth(e.requestContext.authorizer)).toEqual({ sub: 'wall-1', role: 'screen' });
    }
    // The token itself is never handed on past the authorizer's context.
    expect(JSON.stringify(g.events[0].requestContext.authorizer)).not.toContain('good');
  });

  it('answers 500 when the authorizer itself fails, without invoking $connect', async () => {
    const g = await gatewayWith(async () => {
      throw new Error('JWKS unreachable');
    });
    close = g.close;
    await expect(RawSocket.open(g.port)).rejects.toThrow('HTTP 500');
    expect(g.events).toEqual([]);
  });
});

describe('the embedded hub refuses a bad ?token= at the authorizer', () => {
  let hub: TestHub;
  afterEach(() => hub.close());

  it('logs the denial (not the token), stores no connection, and admits a good ?token= with its claims', async () => {
    const lines: string[] = [];
    hub = await startTestHub({ logger: createLogger('info', {}, (line) => lines.push(line)) });
    const forged = `${await hub.token('screen')}x`;
    await expect(RawSocket.open(hub.port, `?token=${forged}`)).rejects.toThrow('HTTP 403');
    const denial = lines.find((l) => l.includes('connect denied'));
    expect(denial).toBeDefined();
    expect(denial).not.toContain(forged);
    const rows = await hub.runtime.ddb.send(new ScanCommand({ TableName: hub.config.connectionsTable }));
    expect(rows.Items ?? []).toEqual([]);

    const good = await RawSocket.open(hub.port, `?token=${await hub.token('department', 'sorting', 'dept-7')}`);
    const [id] = [...hub.ws.connections.keys()];
    const stored = await hub.realtime.store.getConnection(id);
    expect(stored?.principal).toEqual({ sub: 'dept-7', role: 'department', dept: 'sorting' });
    good.close();
    // A raw socket without the subprotocol is still refused by $connect itself (400), after the authorizer.
    const bare = new WebSocket(wsUrl(hub.port));
    const status = await new Promise<number>((resolve) =>
      bare.once('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0)),
    );
    expect(status).toBe(400);
  });
});

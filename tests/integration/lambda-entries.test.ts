/**
 * The Lambda entry modules themselves (functions/http.ts, ws.ts, stream.ts),
 * configured only through the environment as on AWS: DynamoDB over HTTP
 * (dynalite's loopback port), tokens from an OIDC issuer's JWKS, and the
 * API Gateway management API (a local server that records what is posted).
 * No embedded-runtime code is involved: this is the AWS path end to end.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub } from '../../functions/core/compose/hub.js';
import type { WsEvent } from '../../functions/core/realtime/protocol/ws-event.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { ADMIN } from '../helpers/test-hub.js';
import { startTestStore, TABLES, type TestStore } from '../helpers/test-store.js';

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

describe('the Lambda entry points, configured from the environment', () => {
  let t: TestStore;
  let jwks: Server;
  let management: Server;
  const posted: { connectionId: string; message: Record<string, unknown> }[] = [];
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  let http: (event: APIGatewayProxyEventV2) => Promise<{ statusCode?: number; body?: string }>;
  let ws: (event: WsEvent) => Promise<{ statusCode: number }>;
  let stream: (event: DynamoDBStreamEvent) => Promise<{ batchItemFailures: unknown[] }>;
  const issuer = 'https://issuer.example/pool';
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    t = await startTestStore();
    const ref = composeHub({ ddb: t.ddb, hubTable: TABLES.hubTable });
    for (const s of STREETS) await ref.services.reference.upsertStreet(ADMIN, { ...s });

    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' };
    jwks = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .setIssuer(issuer)
        .setAudience('web')
        .setExpirationTime('1h')
        .sign(privateKey);
    management = createServer(async (req, res) => {
      const id = decodeURIComponent((req.url ?? '').split('/@connections/')[1] ?? '');
      if (req.method === 'POST') posted.push({ connectionId: id, message: JSON.parse(await body(req)) });
      res.writeHead(200).end();
    });

    Object.assign(process.env, {
      STAGE: 'test',
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DYNAMODB_ENDPOINT: t.embedded.endpoint,
      HUB_TABLE: TABLES.hubTable,
      CONNECTIONS_TABLE: TABLES.connectionsTable,
      AUTH_JWKS_URL: `${await listen(jwks)}/.well-known/jwks.json`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'web',
      WS_MANAGEMENT_ENDPOINT: await listen(management),
      LOG_LEVEL: 'error',
    });
    http = (await import('../../functions/http.js')).handler as never;
    ws = (await import('../../functions/ws.js')).handler as never;
    stream = (await import('../../functions/stream.js')).handler as never;
  });
  afterAll(async () => {
    // This worker may run other test files next: leave the environment as it was.
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
    jwks.close();
    management.close();
    await t.close();
  });

  const v2 = (method: string, path: string, payload?: unknown, token?: string): APIGatewayProxyEventV2 =>
    ({
      version: '2.0',
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      requestContext: { http: { method, path }, domainName: 'api.example', requestId: 'r1' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      isBase64Encoded: false,
    }) as never;
  const wsEvent = (
    eventType: WsEvent['requestContext']['eventType'],
    connectionId: string,
    message?: unknown,
  ): WsEvent => ({
    requestContext: {
      routeKey: eventType === 'MESSAGE' ? '$default' : `$${eventType.toLowerCase()}`,
      eventType,
      connectionId,
    },
    headers: { 'Sec-WebSocket-Protocol': 'graphql-transport-ws' },
    body: message === undefined ? null : JSON.stringify(message),
  });

  it('serves /healthz and refuses a missing token with 401', async () => {
    expect(await http(v2('GET', '/healthz'))).toMatchObject({ statusCode: 200, body: '{"ok":true}' });
    const refused = await http(v2('POST', '/graphql', { query: '{ me { sub } }' }));
    expect(refused.statusCode).toBe(401);
  });

  it('takes a report over HTTP, projects it, and the stream handler fans it out to a WebSocket subscriber', async () => {
    const screen = await sign({ sub: 'wall-1', 'custom:role': 'screen' });
    expect(await ws(wsEvent('CONNECT', 'c1'))).toMatchObject({ statusCode: 200 });
    await ws(wsEvent('MESSAGE', 'c1', { type: 'connection_init', payload: { authorization: `Bearer ${screen}` } }));
    expect(posted.at(-1)).toEqual({ connectionId: 'c1', message: { type: 'connection_ack' } });
    await ws(
      wsEvent('MESSAGE', 'c1', {
        type: 'subscribe',
        id: 's1',
        payload: { query: 'subscription { hubEvents(domains: [SORTING]) { seq entityId } }' },
      }),
    );

    const reporter = await sign({ sub: 'cgj-1', 'custom:role': 'department', 'custom:dept': 'sorting' });
    const res = await http(
      v2(
        'POST',
        '/graphql',
        {
          query:
            'mutation { reportSortingRate(input: { street: "410104001", date: "2026-11-20", coverageRate: 98.6, recoveryRate: 39.1 }) { event { seq } } }',
        },
        reporter,
      ),
    );
    expect(JSON.parse(res.body ?? '')).toEqual({ data: { reportSortingRate: { event: { seq: 1 } } } });
    const read = await http(
      v2('POST', '/graphql', { query: '{ sortingRates(date: "2026-11-20") { street coverageRate } }' }, screen),
    );
    expect(JSON.parse(read.body ?? '').data.sortingRates).toEqual([{ street: '410104001', coverageRate: 98.6 }]);

    const record = {
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: 'LOG#sorting' }, SK: { S: '000000000001' } }, SequenceNumber: '1' },
    };
    expect(await stream({ Records: [record] } as never)).toEqual({ batchItemFailures: [] });
    expect(posted.at(-1)).toMatchObject({
      connectionId: 'c1',
      message: {
        type: 'next',
        id: 's1',
        payload: { data: { hubEvents: { seq: 1, entityId: '410104001:2026-11-20' } } },
      },
    });
  });
});

/**
 * Issue 8, failure 4: graphql-ws clients send mutations over the socket, and
 * the Ws function executes them with the write path. Its store client here is
 * checked by the emulated IAM against the Ws function's grants in
 * functions/manifest.ts, as its role would be on AWS: the mutation appends
 * with exactly the write path's grants, and without them it is refused
 * (AccessDeniedException, answered as INTERNAL with the request id).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../functions/core/auth/verify-token.js';
import { composeBase } from '../../functions/core/compose/base.js';
import { composeConnections } from '../../functions/core/compose/connections.js';
import { composeDelivery } from '../../functions/core/compose/delivery.js';
import { composeHub, composeHubOnBase } from '../../functions/core/compose/hub.js';
import { composeWsProtocol } from '../../functions/core/compose/ws-protocol.js';
import type { HubConfig } from '../../functions/core/config/config.js';
import { createLogger } from '../../functions/core/logger.js';
import type { WsEvent, WsHandler } from '../../functions/core/realtime/protocol/ws-event.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { type FunctionSpec, functionSpec, WRITE_PATH_GRANTS } from '../../functions/manifest.js';
import { guardDynamoClient } from '../../infra/local/aws/iam-guard.js';
import { localDynamoClient } from '../../infra/local/dynalite-store.js';
import { generateLocalKeys, signLocalToken } from '../../infra/local/local-keys.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { ADMIN } from '../helpers/test-hub.js';
import { startTestStore, TABLES, type TestStore } from '../helpers/test-store.js';

const REPORT = `mutation($input: SortingReportInput!) {
  reportSortingRate(input: $input) { event { seq domain entityId } }
}`;
const STREET = STREETS[0].code;

type Sent = { type: string; id?: string; payload?: { data?: unknown; errors?: Record<string, unknown>[] } };

let t: TestStore;
let token: string;
let publicKeyPem: string;

/** The Ws function composed as functions/ws.ts composes it, its store client limited to `spec.grants`. */
function wsFunction(spec: FunctionSpec) {
  const client = guardDynamoClient(localDynamoClient(t.embedded), {
    spec,
    tables: { hub: TABLES.hubTable, connections: TABLES.connectionsTable },
  });
  const config: HubConfig = {
    stage: 'test',
    region: 'local',
    ...TABLES,
    auth: { localPublicKeyPem: publicKeyPem },
    webOrigin: '*',
    logLevel: 'error',
    projectOnWrite: true,
  };
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('error', {}, (line) => lines.push(JSON.parse(line)));
  const sent = new Map<string, Sent[]>();
  const base = composeBase(config, { ddb: documentClient(client), logger });
  const connections = composeConnections(base, {
    socketFor: (connectionId) => ({
      send: async (m) => {
        sent.set(connectionId, [...(sent.get(connectionId) ?? []), JSON.parse(m)]);
      },
      close: async () => {},
    }),
  });
  const delivery = composeDelivery(base, composeHubOnBase(base), connections);
  const { wsHandler } = composeWsProtocol(base, connections, delivery, createTokenVerifier(config.auth));
  return { handler: wsHandler, sent, lines, close: () => client.destroy() };
}

let requests = 0;
const event = (
  connectionId: string,
  eventType: WsEvent['requestContext']['eventType'],
  body?: unknown,
  requestId = `req-${++requests}`,
): WsEvent => ({
  requestContext: {
    routeKey: eventType === 'CONNECT' ? '$connect' : '$default',
    eventType,
    connectionId,
    requestId,
  },
  headers: { 'Sec-WebSocket-Protocol': 'graphql-transport-ws' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

async function acked(handler: WsHandler, connectionId: string) {
  expect((await handler(event(connectionId, 'CONNECT'))).statusCode).toBe(200);
  await handler(
    event(connectionId, 'MESSAGE', { type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
  );
}

const subscribeMutation = (id: string, input: Record<string, unknown>) => ({
  type: 'subscribe',
  id,
  payload: { query: REPORT, variables: { input } },
});

async function logItems() {
  const out = await t.ddb.send(
    new QueryCommand({
      TableName: TABLES.hubTable,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'LOG#sorting' },
    }),
  );
  return out.Items ?? [];
}

beforeAll(async () => {
  t = await startTestStore();
  const reference = composeHub({ ddb: t.ddb, hubTable: TABLES.hubTable });
  for (const s of STREETS) await reference.services.reference.upsertStreet(ADMIN, { ...s });
  const keys = await generateLocalKeys();
  publicKeyPem = keys.publicKeyPem;
  token = await signLocalToken(keys.privateKeyPem, { role: 'department', dept: 'sorting' });
});
afterAll(() => t.close());

describe('mutations over WebSocket (the Ws function, emulated IAM)', () => {
  it("the Ws function's write grants are the write path's, as the Http function's (one write path)", () => {
    const writes = (name: string) =>
      functionSpec(name).grants.filter((g) => g.actions.some((a) => a === 'append' || a === 'write'));
    const ws = writes('Ws');
    expect(ws).toEqual(expect.arrayContaining(WRITE_PATH_GRANTS));
    expect(writes('Http')).toEqual(expect.arrayContaining(WRITE_PATH_GRANTS));
    // Beyond the write path, the Ws function writes its connections, the fan-out lease and the log epoch only.
    const extra = ws.filter((g) => !WRITE_PATH_GRANTS.some((h) => JSON.stringify(h) === JSON.stringify(g)));
    expect(extra.map((g) => [g.table, g.keyPrefixes])).toEqual([
      ['connections', ['*']],
      ['hub', ['CKPT#fanout']],
      ['hub', ['EPOCH#']],
    ]);
  });

  it('a mutation sent as `subscribe` appends, answers next + complete, and a retry with its key appends nothing', async () => {
    const ws = wsFunction(functionSpec('Ws'));
    await acked(ws.handler, 'c1');
    const input = { street: STREET, date: '2026-11-01', coverageRate: 97.5, recoveryRate: 37.1, idempotencyKey: 'k-1' };
    await ws.handler(event('c1', 'MESSAGE', subscribeMutation('m1', input)));
    await ws.handler(event('c1', 'MESSAGE', subscribeMutation('m2', input)));
    const sent = ws.sent.get('c1') ?? [];
    expect(sent.map((m) => [m.type, m.id])).toEqual([
      ['connection_ack', undefined],
      ['next', 'm1'],
      ['complete', 'm1'],
      ['next', 'm2'],
      ['complete', 'm2'],
    ]);
    const first = sent[1].payload;
    expect(first?.errors).toBeUndefined();
    expect(first?.data).toEqual({
      reportSortingRate: { event: { seq: 1, domain: 'SORTING', entityId: `${STREET}:2026-11-01` } },
    });
    expect(sent[3].payload?.data).toEqual(first?.data);
    expect((await logItems()).map((i) => i.data?.coverageRate)).toEqual([97.5]);
    expect(ws.lines.filter((l) => l.level === 'error')).toEqual([]);
    ws.close();
  });

  it('without the write-path grants (the Ws role before issue 8) the append is denied, answered INTERNAL with the request id', async () => {
    const before = functionSpec('Ws');
    const ws = wsFunction({
      ...before,
      grants: before.grants.filter((g) => !g.actions.includes('append') && !g.keyPrefixes.includes('IDEM#')),
    });
    await acked(ws.handler, 'c2');
    const input = { street: STREET, date: '2026-11-02', coverageRate: 90, recoveryRate: 30 };
    await ws.handler(event('c2', 'MESSAGE', subscribeMutation('m3', input), 'req-denied'));
    const next = (ws.sent.get('c2') ?? []).find((m) => m.type === 'next');
    expect(next?.payload?.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL', requestId: 'req-denied' });
    expect(String(next?.payload?.errors?.[0]?.message)).not.toContain('AccessDenied');
    const logged = ws.lines.find((l) => l.failure === 'InternalErrors');
    expect(logged).toMatchObject({ level: 'error', requestId: 'req-denied' });
    expect(JSON.stringify(logged)).toContain('AccessDeniedException');
    expect(await logItems()).toHaveLength(1);
    ws.close();
  });
});

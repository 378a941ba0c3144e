/**
 * Differential: the same subscriptions and reports against our stack (local
 * gateway → Lambda ws handler → stream fan-out) and against the reference
 * graphql-ws `useServer` running the same schema in-process with a LiveEvents
 * source. The `next` payloads must be the same (cursors are opaque and
 * differ by design: ours cover every subscribed domain; both are checked to
 * point at the event).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../../functions/core/auth/verify-token.js';
import type { Context } from '../../schema/context.js';
import { decodeCursor } from '../../schema/cursor.js';
import { schema } from '../../schema/index.js';
import type { Principal } from '../../schema/model.js';
import { pollingLive } from '../helpers/reference-live.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { client, collect, waitForSubscribers } from '../helpers/ws-client.js';

const OPERATIONS: { query: string; variables?: Record<string, unknown> }[] = [
  { query: 'subscription { hubEvents { seq domain type entityId at actor cursor data } }' },
  {
    query:
      'subscription($s: ID) { hubEvents(domains: [SORTING], street: $s) { seq entityId data prev isCorrection cursor } }',
    variables: { s: '410104002' },
  },
  {
    query:
      'subscription { hubEvents(domains: [HOUSING], entityId: "H-1") { seq entityId actorInfo { sub role dept } hash prevHash } }',
  },
  { query: 'subscription Named { hubEvents(domains: [CONSTRUCTION, HOUSING]) { __typename seq domain type data } }' },
];

describe('differential: our stack vs the graphql-ws reference server', () => {
  let hub: TestHub;
  let reference: Server;
  let referencePort: number;
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    reference = createServer();
    const wss = new WebSocketServer({ server: reference, path: '/graphql' });
    const live = pollingLive(hub.runtime.hub);
    useServer<Record<string, unknown>, { principal?: Principal }>(
      {
        schema,
        onConnect: async (ctx) => {
          const token = bearerToken(String(ctx.connectionParams?.authorization ?? ''));
          if (!token) return false;
          try {
            ctx.extra.principal = await hub.runtime.verifyToken(token);
            return true;
          } catch {
            return false;
          }
        },
        context: (ctx): Context => ({
          principal: ctx.extra.principal ?? null,
          services: hub.runtime.hub.services,
          live,
        }),
      },
      wss,
    );
    await new Promise<void>((r) => reference.listen(0, '127.0.0.1', () => r()));
    referencePort = (reference.address() as AddressInfo).port;
  });
  afterAll(async () => {
    reference.closeAllConnections();
    await new Promise((r) => reference.close(() => r(null)));
    await hub.close();
  });

  it('produces the same next payloads for the same subscriptions and reports', async () => {
    const token = await hub.token('screen');
    const ours = client(hub.port, token);
    const theirs = client(referencePort, token);
    const run = (c: Client) =>
      OPERATIONS.map((op) => collect<{ data: { hubEvents: Record<string, unknown> } }>(c, op.query, op.variables));
    const oursSubs = run(ours);
    const theirsSubs = run(theirs);
    await waitForSubscribers(hub, 'sorting', 1);
    await waitForSubscribers(hub, 'construction', 2);
    await waitForSubscribers(hub, 'housing#entity#H-1', 1);
    await new Promise((r) => setTimeout(r, 200)); // the reference subscribes asynchronously too

    const reports = hub.runtime.hub.services.reports;
    for (let i = 0; i < 8; i++) {
      await reports.reportSortingRate(dept('sorting'), {
        street: i % 2 ? '410104002' : '410104001',
        date: '2026-11-02',
        coverageRate: 90 + i,
        recoveryRate: 30,
      });
      await reports.reportProjectProgress(dept('construction'), {
        project: 'P-2',
        period: '2026-10',
        investment: 10 * i,
      });
      await reports.reportHousingDelivery(dept('housing'), {
        project: i % 2 ? 'H-2' : 'H-1',
        date: '2026-11-03',
        deliveredUnits: i,
      });
    }
    const expected = [24, 4, 4, 16];
    await Promise.all(oursSubs.map((s, i) => s.waitFor(expected[i])));
    await Promise.all(theirsSubs.map((s, i) => s.waitFor(expected[i])));
    await hub.stream.idle();
    await new Promise((r) => setTimeout(r, 100));

    for (const [i, op] of OPERATIONS.entries()) {
      const strip = (items: { data: { hubEvents: Record<string, unknown> } }[]) =>
        items.map(({ data }) => {
          const { cursor, ...rest } = data.hubEvents;
          if (cursor !== undefined) {
            // Both cursors point at the event itself in its domain.
            expect(decodeCursor(cursor as string)[String(rest.domain ?? 'SORTING').toLowerCase() as 'sorting']).toBe(
              rest.seq,
            );
          }
          return rest;
        });
      const a = strip(oursSubs[i].items);
      const b = strip(theirsSubs[i].items);
      // Across domains the order may interleave differently; per domain it is the log's.
      const byKey = (x: Record<string, unknown>) => `${x.domain ?? ''}#${String(x.seq).padStart(6, '0')}`;
      expect(
        a.sort((x, y) => byKey(x).localeCompare(byKey(y))),
        op.query,
      ).toEqual(b.sort((x, y) => byKey(x).localeCompare(byKey(y))));
      expect(a).toHaveLength(expected[i]);
    }
    await ours.dispose();
    await theirs.dispose();
  });
});

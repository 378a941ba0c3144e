/**
 * The peer baseline: a plain graphql-yoga server (HTTP) with graphql-ws
 * `useServer` on the same port, the same schema and services (same in-memory
 * dynalite store, same validation and log append), and an in-memory pub/sub
 * (graphql-yoga's createPubSub) in place of the stream, the connection
 * store and the fan-out: what one process can do when it holds every socket.
 */
import { setMaxListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useServer } from 'graphql-ws/use/ws';
import { createPubSub, createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { bearerToken, createTokenVerifier } from '../../../functions/core/auth/verify-token.js';
import { composeHub } from '../../../functions/core/compose/hub.js';
import { generateLocalKeys, signLocalToken } from '../../../infra/local/local-keys.js';
import { STREETS } from '../../../infra/local/seed/streets.js';
import type { Context, LiveEvents } from '../../../schema/context.js';
import { encodeCursor } from '../../../schema/cursor.js';
import { schema } from '../../../schema/index.js';
import type { HubEventRecord, Principal } from '../../../schema/model.js';
import type { HubServices } from '../../../schema/services.js';
import { ADMIN } from '../../helpers/test-hub.js';
import { startTestStore, TABLES } from '../../helpers/test-store.js';
import type { PeerServer } from './peer-server.js';

type Published = HubEventRecord & { cursor: string };

export async function startBaseline(): Promise<PeerServer & { server: Server }> {
  const store = await startTestStore();
  const hub = composeHub({ ddb: store.ddb, hubTable: TABLES.hubTable, projectOnWrite: true });
  for (const s of STREETS) await hub.services.reference.upsertStreet(ADMIN, { ...s });
  const keys = await generateLocalKeys();
  const verify = createTokenVerifier({ localPublicKeyPem: keys.publicKeyPem });

  // Every report publishes its event; subscribers filter by domain in memory.
  // One EventTarget carries every subscriber's listener: 1,000 are expected, not a leak (Node warns past 10).
  const target = new EventTarget();
  setMaxListeners(0, target);
  const pubsub = createPubSub<{ event: [Published] }>({ eventTarget: target as never });
  const reports = hub.services.reports;
  const publishing = new Proxy(reports, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const event = (await value.apply(target, args)) as HubEventRecord;
        pubsub.publish('event', { ...event, cursor: encodeCursor({ [event.domain]: event.seq }) });
        return event;
      };
    },
  });
  const services: HubServices = { ...hub.services, reports: publishing };
  const live: LiveEvents = {
    async *subscribe({ domains }) {
      for await (const e of pubsub.subscribe('event')) if (domains.includes(e.domain)) yield e;
    },
  };
  const principalOf = async (authorization: unknown): Promise<Principal | null> => {
    const token = bearerToken(typeof authorization === 'string' ? authorization : null);
    return token ? verify(token).catch(() => null) : null;
  };

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphiql: false,
    logging: false,
    context: async ({ request }) => ({ principal: await principalOf(request.headers.get('authorization')), services }),
  });
  const server = createServer(yoga);
  const wss = new WebSocketServer({ server, path: '/graphql' });
  useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema,
      onConnect: async (ctx) => {
        const principal = await principalOf(ctx.connectionParams?.authorization);
        if (!principal) return false;
        ctx.extra.principal = principal;
        return true;
      },
      context: (ctx): Context => ({ principal: ctx.extra.principal ?? null, services, live }),
    },
    wss,
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    token: (role, dept, sub) => signLocalToken(keys.privateKeyPem, { role, dept, sub: sub ?? `bench-${role}` }),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r(null)));
      await store.close();
    },
  };
}

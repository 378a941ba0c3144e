/**
 * `subscribe`: before the ack → 4401; an id in use → 4409. The operation is
 * validated and authorized against the schema (delivery/operations.ts); problems are
 * an `error` message for that id and the socket stays open. A query or
 * mutation is answered with one `next` and `complete`. A subscription is
 * stored under its topics; with `after` it is back-filled before it goes live,
 * within the time this invocation has left (delivery/backfill.ts): the row is
 * flagged with the invocation's deadline, past which the fan-out knows the
 * back-fill died and ends the subscription rather than skip it forever.
 */
import { CloseCode, type SubscribeMessage } from 'graphql-ws';
import { inLang } from '../../../errors/localize.js';
import type { SubscriptionRecord } from '../../connections/connection-store.js';
import { toEpochSeconds } from '../../connections/connection-store.js';
import { sendNext } from '../../delivery/send-next.js';
import { countdown, TimeBudget } from '../../delivery/time-budget.js';
import { subscriptionTopic } from '../../delivery/topics.js';
import { CONNECTION_TTL_MS, MESSAGE_TIMEOUT_MS, type MessageContext } from '../context.js';
import { admitSubscribe } from '../guards.js';
import { completeMessage, errorMessage } from '../server-messages.js';

export async function onSubscribe(ctx: MessageContext, message: SubscribeMessage): Promise<void> {
  const { deps, connection, socket } = ctx;
  const { id, payload } = message;
  const budget = new TimeBudget(deps.remainingMs ?? countdown(MESSAGE_TIMEOUT_MS, deps.now));
  if (connection.state !== 'acked' || !connection.principal) return ctx.close(CloseCode.Unauthorized, 'Unauthorized');
  const duplicate = () => ctx.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
  if (await deps.store.hasSubscription(connection.connectionId, id)) return duplicate();
  // Query limits, the principal's rate limit and the connection's subscription cap (guards.ts).
  if (!(await admitSubscribe(ctx, message))) return;

  const op = {
    query: payload.query,
    variables: (payload.variables as Record<string, unknown> | null | undefined) ?? null,
    operationName: payload.operationName ?? null,
  };
  const principal = connection.principal;
  // Errors in the connection's language (connection_init's `lang`), as HTTP answers by its headers.
  const prepared = await inLang(connection.lang, () => deps.operations.prepare(principal, op));
  if (prepared.kind === 'error') {
    await socket.send(errorMessage(id, prepared.errors));
    return;
  }
  const backfill = prepared.kind === 'subscription' && prepared.after !== null;
  const sub: SubscriptionRecord = {
    connectionId: connection.connectionId,
    id,
    ...op,
    principal: connection.principal,
    domains: prepared.kind === 'subscription' ? prepared.domains : [],
    filter: prepared.kind === 'subscription' ? prepared.filter : { street: null, entityId: null },
    topics: prepared.kind === 'subscription' ? prepared.domains.map((d) => subscriptionTopic(d, prepared.filter)) : [],
    backfill,
    ...(backfill ? { backfillUntil: deps.now() + budget.remainingMs() } : {}),
    ...(connection.tokenExpiresAt !== undefined ? { tokenExpiresAt: connection.tokenExpiresAt } : {}),
    expiresAt: connection.expiresAt || toEpochSeconds(deps.now() + CONNECTION_TTL_MS),
  };
  const store = { store: deps.store, logger: deps.logger };
  if (prepared.kind === 'single') {
    // A single result finishes the operation: next, then complete.
    if ((await sendNext(store, socket, sub, JSON.stringify(prepared.result))) === 'sent') {
      await socket.send(completeMessage(id));
    }
    return;
  }
  const added = await deps.store.addSubscription(sub);
  if (added === 'exists') return duplicate();
  if (added === 'completed-early') return; // the client completed it before it was stored
  if (prepared.after) await deps.backfiller.run(sub, prepared.after, socket, budget);
}

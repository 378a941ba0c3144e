/**
 * Appending to a domain's log: one conditional PutItem at seq = head+1 with
 * the hash chain, idempotency per principal, bounded retries under contention.
 *
 * Write path with an idempotency key, and what a crash at each step leaves:
 *   1. reserve  PutItem IDEM#<sub>#<key> {status: pending, headSeq, attempt}
 *               (crash after: a pending reservation, nothing appended)
 *   2. append   PutItem LOG#<domain>/<seq> if not exists
 *               (crash after: the event exists, the reservation is pending)
 *   3. complete UpdateItem IDEM… {status: done, seq}
 * A retry that finds a pending reservation takes it over (once the first
 * attempt cannot still be running: same process and not in flight, or the
 * lease has run out) and looks for its event in the log from the reservation's
 * headSeq on, so it completes what was appended instead of appending again.
 * Without a key, the write is step 2 alone.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import canonicalize from 'canonicalize';
import { BusyError, ConflictError, HubError } from '../../../schema/errors.js';
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
import { isConditionFailure, isThrottle } from '../store/errors.js';
import { idempotencyKey as idemKey } from '../store/keys/idempotency.js';
import { DomainHead } from './domain-head.js';
import { reservationExpiresAt } from './idempotency-window.js';
import { eventToItem } from './log-items.js';
import { type LogStore, readAfter, readEvent } from './log-reader.js';
import { type EventRequest, nextEvent } from './next-event.js';

/** What an append asks for: the event's request (next-event.ts builds the event from it). */
export type AppendRequest = EventRequest;

/** Steps after which a test may inject a crash. */
export type WriteStep = 'reserved' | 'appended' | 'completed';

export interface LogWriterOptions {
  /** Called after each step; throwing simulates a crash there. */
  faults?: (step: WriteStep, request: AppendRequest) => void | Promise<void>;
  /** How long a pending reservation of another process is presumed alive. Must exceed the handler timeout. */
  leaseMs?: number;
  /** How long a key is remembered; default IDEMPOTENCY_WINDOW_MS (24 h). */
  idempotencyWindowMs?: number;
  maxAttempts?: number;
  now?: () => Date;
}

const canon = canonicalize as unknown as (v: unknown) => string;

export class LogWriter {
  private readonly heads = new Map<DomainName, DomainHead>();
  /** Idempotency keys this process is working on right now. */
  private readonly inFlight = new Set<string>();
  private readonly instanceId = randomUUID();
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;

  constructor(
    private readonly store: LogStore,
    private readonly options: LogWriterOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 20_000;
    this.maxAttempts = options.maxAttempts ?? 20;
    this.now = options.now ?? (() => new Date());
  }

  head(domain: DomainName): DomainHead {
    let h = this.heads.get(domain);
    if (!h) {
      h = new DomainHead(this.store, domain);
      this.heads.set(domain, h);
    }
    return h;
  }

  async append(req: AppendRequest): Promise<HubEventRecord> {
    if (!req.idempotencyKey) return this.appendOnce(req);
    const flightKey = `${req.actor.sub}#${req.idempotencyKey}`;
    if (this.inFlight.has(flightKey)) {
      throw new BusyError('A request with this idempotencyKey is still being processed; retry shortly');
    }
    this.inFlight.add(flightKey);
    try {
      return await this.appendIdempotent(req);
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  private async appendIdempotent(req: AppendRequest): Promise<HubEventRecord> {
    const key = idemKey(req.actor.sub, req.idempotencyKey!);
    const requestHash = canon({ domain: req.domain, entityId: req.entityId, data: req.data });
    const attempt = randomUUID();
    const head = this.head(req.domain);
    if (!head.isLoaded) await this.withStoreErrors(() => head.load());
    const reservedAt = this.now().toISOString();
    try {
      await this.withStoreErrors(() =>
        this.store.ddb.send(
          new PutCommand({
            TableName: this.store.table,
            Item: {
              ...key,
              status: 'pending',
              domain: req.domain,
              requestHash,
              headSeq: head.headSeq,
              attempt,
              owner: this.instanceId,
              leasedAt: reservedAt,
              createdAt: reservedAt,
              expiresAt: reservationExpiresAt(this.now(), this.options.idempotencyWindowMs),
            },
            // A reservation past its window (idempotency-window.ts) counts as absent until TTL deletes it.
            ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': Math.floor(this.now().getTime() / 1000) },
          }),
        ),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return this.resume(req, requestHash, attempt);
    }
    await this.options.faults?.('reserved', req);
    const event = await this.appendOnce(req);
    await this.options.faults?.('appended', req);
    await this.complete(key, event.seq);
    await this.options.faults?.('completed', req);
    return event;
  }

  /** A reservation exists: return its event, or take it over and finish the write. */
  private async resume(req: AppendRequest, requestHash: string, attempt: string): Promise<HubEventRecord> {
    const key = idemKey(req.actor.sub, req.idempotencyKey!);
    const out = await this.withStoreErrors(() =>
      this.store.ddb.send(new GetCommand({ TableName: this.store.table, Key: key, ConsistentRead: true })),
    );
    const r = out.Item;
    if (!r) throw new BusyError('The idempotency reservation changed while reading it; retry');
    if (r.requestHash !== requestHash) {
      throw new ConflictError(
        `idempotencyKey "${req.idempotencyKey}" was already used for a different request; use a new key for new data`,
      );
    }
    if (r.status === 'done') {
      const event = await this.withStoreErrors(() => readEvent(this.store, r.domain as DomainName, r.seq as number));
      if (!event) throw new HubError('INTERNAL', 'The event recorded for this idempotencyKey is missing from the log');
      return event;
    }
    const sameProcess = r.owner === this.instanceId;
    const leaseOver = this.now().getTime() - Date.parse(r.leasedAt as string) > this.leaseMs;
    if (!sameProcess && !leaseOver) {
      throw new BusyError('A request with this idempotencyKey is still being processed; retry shortly');
    }
    // Take the reservation over; the condition makes sure only one retry does.
    try {
      await this.withStoreErrors(() =>
        this.store.ddb.send(
          new UpdateCommand({
            TableName: this.store.table,
            Key: key,
            UpdateExpression: 'SET attempt = :a, #o = :o, leasedAt = :t',
            ConditionExpression: 'attempt = :old AND #s = :pending',
            ExpressionAttributeNames: { '#o': 'owner', '#s': 'status' },
            ExpressionAttributeValues: {
              ':a': attempt,
              ':o': this.instanceId,
              ':t': this.now().toISOString(),
              ':old': r.attempt,
              ':pending': 'pending',
            },
          }),
        ),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new BusyError('Another retry took this idempotencyKey over; retry shortly');
      throw err;
    }
    const found = await this.findKeyedEvent(req, r.headSeq as number);
    const event = found ?? (await this.appendOnce(req));
    if (!found) await this.options.faults?.('appended', req);
    await this.complete(key, event.seq);
    await this.options.faults?.('completed', req);
    return event;
  }

  /** The earlier attempt's event, if it got appended: it is after the head seen at reservation. */
  private async findKeyedEvent(req: AppendRequest, fromSeq: number): Promise<HubEventRecord | null> {
    const events = await this.withStoreErrors(() => readAfter(this.store, req.domain, fromSeq));
    for (const e of events) this.head(req.domain).ingest(e);
    return events.find((e) => e.idempotencyKey === req.idempotencyKey && e.actor.sub === req.actor.sub) ?? null;
  }

  private async complete(key: { PK: string; SK: string }, seq: number) {
    await this.withStoreErrors(() =>
      this.store.ddb.send(
        new UpdateCommand({
          TableName: this.store.table,
          Key: key,
          UpdateExpression: 'SET #s = :done, seq = :seq, completedAt = :t',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':seq': seq, ':t': this.now().toISOString() },
        }),
      ),
    );
  }

  /** The append itself: conditional put at head+1; on conflict, catch up and try again. */
  private async appendOnce(req: AppendRequest): Promise<HubEventRecord> {
    const head = this.head(req.domain);
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      if (!head.isLoaded) await this.withStoreErrors(() => head.load());
      const prev = await this.withStoreErrors(() => head.latest(req.entityId));
      const event = nextEvent(head, req, prev, this.now());
      try {
        await this.store.ddb.send(
          new PutCommand({
            TableName: this.store.table,
            Item: eventToItem(event),
            ConditionExpression: 'attribute_not_exists(SK)',
          }),
        );
        head.ingest(event);
        return event;
      } catch (err) {
        if (isConditionFailure(err)) {
          await this.withStoreErrors(() => head.catchUp());
          if (attempt >= 1) await sleep(Math.random() * Math.min(100, 2 ** attempt));
          continue;
        }
        if (isThrottle(err)) {
          await sleep(Math.random() * Math.min(200, 10 * 2 ** attempt));
          continue;
        }
        throw storeError(err);
      }
    }
    throw new BusyError(`The ${req.domain} log is busy (too many concurrent writes); nothing was written, retry`);
  }

  private async withStoreErrors<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof HubError) throw err;
      if (isConditionFailure(err)) throw err;
      throw storeError(err);
    }
  }
}

function storeError(err: unknown): HubError {
  if (err instanceof HubError) return err;
  if (isThrottle(err)) return new BusyError('The store is throttling writes; nothing was written, retry', err);
  return new HubError(
    'INTERNAL',
    'The store failed; nothing may have been written, retry with the same idempotencyKey',
    {
      cause: err,
    },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

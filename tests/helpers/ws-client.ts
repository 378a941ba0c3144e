/** WebSocket helpers for protocol and subscription tests: the real graphql-ws client, and a raw socket for rule checks. */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { EmbeddedHub } from '../../infra/local/embedded.js';

export const wsUrl = (port: number, query = '') => `ws://127.0.0.1:${port}/graphql${query}`;

export function client(
  port: number,
  token: string | null,
  extra: Partial<Parameters<typeof createClient>[0]> = {},
): Client {
  return createClient({
    url: wsUrl(port),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    ...extra,
  });
}

export interface Collected<T> {
  items: T[];
  errors: unknown[];
  /** Resolves when the server completes the operation (or it errors). */
  done: Promise<void>;
  stop(): void;
  /** Resolves once at least n items arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

export function collect<T = Record<string, unknown>>(
  c: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Collected<T> {
  const items: T[] = [];
  const errors: unknown[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let finish!: () => void;
  const done = new Promise<void>((r) => {
    finish = r;
  });
  const stop = c.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        items.push(v as T);
        for (const w of [...waiters]) if (items.length >= w.n) w.resolve();
      },
      error: (e) => {
        errors.push(e);
        finish();
      },
      complete: () => finish(),
    },
  );
  return {
    items,
    errors,
    done,
    stop,
    waitFor(n, timeoutMs = 10_000) {
      if (items.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`only ${items.length} of ${n} messages after ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      });
    },
  };
}

/** A raw graphql-transport-ws socket: send JSON or text, read messages, await the close code. */
export class RawSocket {
  readonly messages: Record<string, unknown>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static open(port: number, query = ''): Promise<RawSocket> {
    const ws = new WebSocket(wsUrl(port, query), 'graphql-transport-ws');
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawSocket(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(message: unknown) {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits for a message matching the predicate. */
  async next(match: (m: Record<string, unknown>) => boolean = () => true, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async init(token: string) {
    this.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await this.next((m) => m.type === 'connection_ack');
  }

  close() {
    this.ws.terminate();
  }
}

/** Waits until the connections table holds n subscriptions under a topic (the subscribe message is processed). */
export async function waitForSubscribers(hub: EmbeddedHub, topic: string, n: number, timeoutMs = 5000, pollMs = 20) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const subs = await hub.realtime.store.subscribers(topic, Date.now());
    if (subs.filter((s) => !s.backfill).length === n) return;
    if (Date.now() > deadline) throw new Error(`topic ${topic} has ${subs.length} subscribers, expected ${n}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

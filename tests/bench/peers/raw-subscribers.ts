/**
 * Subscribers on raw graphql-transport-ws sockets (the `ws` package, no
 * client library), as any screen speaks the protocol: connection_init with
 * the token, then one subscribe; closed by the server after that, they
 * resume from their last cursor as screens do. Each `next` is time-stamped
 * on arrival, so a report's "last delivery" is when the last of the N
 * subscribers got it (a resumed one by its back-fill).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { API_GATEWAY_WEBSOCKET } from '../../../functions/core/aws/service-limits.js';
import { mapLimit } from '../../../functions/core/map-limit.js';
import { RESUBSCRIBE_REASON } from '../../../functions/core/realtime/delivery/resume-required.js';
import { keepAliveMs } from '../../../infra/web-client-config.js';

const SUBSCRIPTION = `subscription($after: String) {
  hubEvents(domains: [SORTING], after: $after) { seq domain cursor }
}`;

type Next = { seq: number; cursor: string };

interface Arrivals {
  count: number;
  last: number;
  done: () => void;
  all: Promise<void>;
}

/** One screen: its socket of the moment, and what it got (for resuming and dropping duplicates). */
interface Subscriber {
  ws: WebSocket;
  /** The cursor of the last event it got: it resumes from there. */
  cursor: string | null;
  /** The highest seq it got: one domain, one log epoch, so an event at or below it is a duplicate. */
  seq: number;
  /** Its own principal's token (it resumes with it). */
  token: string;
}

/** Tokens for subscribers FROM..FROM+COUNT-1, each its own principal. */
export type TokenSource = (from: number, count: number) => Promise<string[]>;

/** Reopening a closed subscriber: waits between attempts, up to 30 s, as a screen backs off. */
const RESUME_BACKOFF_MS = [250, 1000, 5000, 30_000];

export class RawSubscribers {
  private readonly subscribers: Subscriber[] = [];
  private readonly bySeq = new Map<number, Arrivals>();
  private closing = false;
  /** Times a subscriber the server closed after its ack resumed from its last cursor. */
  resumes = 0;
  /** Times a subscription ended with RESUBSCRIBE (a back-fill out of time) was made again. */
  resubscribes = 0;

  /**
   * Pings every socket as the web client does (infra/web-client-config.ts): opening 10,000
   * subscribers takes longer than API Gateway's 10-minute idle timeout, which the local gateway
   * enforces, and a screen that keeps its socket alive is what is being modelled.
   */
  private readonly keepAlive = setInterval(() => {
    for (const { ws } of this.subscribers) if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
  }, keepAliveMs(API_GATEWAY_WEBSOCKET.idleTimeoutMs)).unref();

  constructor(
    private readonly url: string,
    private readonly tokens: TokenSource,
  ) {}

  get size(): number {
    return this.subscribers.length;
  }

  /**
   * Opens `n` more subscribers, `parallel` at a time; resolves when each has sent its subscribe.
   * A socket the server closes before its ack (on a loaded machine a queued `connection_init`
   * can outwait the init timeout: 4408) is opened again, up to 5 times with backoff, instead of hanging the run.
   */
  async open(n: number, parallel = 50): Promise<void> {
    const tokens = await this.tokens(this.subscribers.length, n);
    await mapLimit(
      Array.from({ length: n }, (_, i) => i),
      parallel,
      async (i) => {
        for (let attempt = 1; ; attempt++) {
          const sub = await this.openOne(null, tokens[i]);
          if (sub) return void this.subscribers.push(sub);
          if (attempt >= 5) throw new Error('a subscriber was closed before its ack 5 times');
          // Backing off, as a screen does: past 9,700 of 10,000 on a loaded machine, 5 immediate tries were all refused.
          await new Promise((r) =>
            setTimeout(r, RESUME_BACKOFF_MS[Math.min(attempt - 1, RESUME_BACKOFF_MS.length - 1)]),
          );
        }
      },
    );
  }

  /**
   * One socket: connection_init, then a subscribe with `after` = the subscriber's last cursor
   * (none for a new one). Resolves when subscribed, or null when the server closed it before its
   * ack. A socket the server closes after its ack resumes, as the web client does (web/src/live.ts):
   * after a 1011 (a delivery that failed or was cut for its deadline) or any other close, it
   * reconnects and subscribes again from the cursor of the last event it got; the back-fill sends
   * what it missed, and what arrives twice is dropped by seq.
   */
  private openOne(resuming: Subscriber | null, token = resuming?.token ?? ''): Promise<Subscriber | null> {
    const wsUrl = `${this.url.replace(/^http/, 'ws')}/graphql`;
    return new Promise<Subscriber | null>((resolve) => {
      const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
      const sub: Subscriber = resuming ?? { ws, cursor: null, seq: 0, token };
      let acked = false;
      ws.on('open', () =>
        ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
      );
      // A refused or reset socket ends in 'close' too, which decides.
      ws.on('error', () => {});
      ws.on('close', () => {
        if (!acked) resolve(null);
        else if (sub.ws === ws && !this.closing) void this.resume(sub);
      });
      const subscribe = () => {
        const variables = { after: sub.cursor };
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables } }));
      };
      ws.on('message', (raw) => {
        const text = raw.toString();
        if (text.startsWith('{"type":"connection_ack"')) {
          acked = true;
          sub.ws = ws;
          subscribe();
          resolve(sub);
          return;
        }
        const msg = JSON.parse(text) as { type: string; payload?: unknown };
        if (msg.type === 'ping') ws.send('{"type":"pong"}');
        // A back-fill out of time ends the subscription with reason RESUBSCRIBE: subscribe again from the last cursor.
        if (msg.type === 'error' && JSON.stringify(msg.payload).includes(`"reason":"${RESUBSCRIBE_REASON}"`)) {
          this.resubscribes++;
          subscribe();
          return;
        }
        const event =
          msg.type === 'next' ? (msg.payload as { data?: { hubEvents?: Next } }).data?.hubEvents : undefined;
        if (event && event.seq > sub.seq) {
          sub.seq = event.seq;
          sub.cursor = event.cursor;
          this.arrived(event.seq);
        }
      });
    });
  }

  /** Reconnects a subscriber the server closed after its ack, from its last cursor, backing off while refused. */
  private async resume(sub: Subscriber): Promise<void> {
    this.resumes++;
    for (let attempt = 0; !this.closing; attempt++) {
      if ((await this.openOne(sub)) || this.closing) return;
      const wait = RESUME_BACKOFF_MS[Math.min(attempt, RESUME_BACKOFF_MS.length - 1)];
      await new Promise((r) => setTimeout(r, wait).unref());
    }
  }

  private arrivals(seq: number): Arrivals {
    let a = this.bySeq.get(seq);
    if (!a) {
      let done = () => {};
      const all = new Promise<void>((r) => {
        done = r;
      });
      a = { count: 0, last: 0, done, all };
      this.bySeq.set(seq, a);
    }
    return a;
  }

  private arrived(seq: number) {
    const a = this.arrivals(seq);
    a.count++;
    a.last = performance.now();
    if (a.count >= this.subscribers.length) a.done();
  }

  /** How many subscribers got event `seq` (each counted once, duplicates dropped). */
  received(seq: number): number {
    return this.bySeq.get(seq)?.count ?? 0;
  }

  /** When every socket has event `seq`: the time of the last arrival; null after `timeoutMs`. */
  async lastArrival(seq: number, timeoutMs: number): Promise<number | null> {
    const a = this.arrivals(seq);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([a.all, timedOut]);
    clearTimeout(timer);
    return outcome === 'timeout' ? null : a.last;
  }

  close(): void {
    this.closing = true;
    clearInterval(this.keepAlive);
    for (const { ws } of this.subscribers.splice(0)) ws.terminate();
    this.bySeq.clear();
  }
}

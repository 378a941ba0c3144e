/**
 * Subscribers on raw graphql-transport-ws sockets (the `ws` package, no
 * client library), as any screen speaks the protocol: connection_init with
 * the token, then one subscribe. Each `next` is time-stamped on arrival, so
 * a report's "last delivery" is when the last of the N sockets got it.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { API_GATEWAY_WEBSOCKET } from '../../../functions/core/aws/service-limits.js';
import { mapLimit } from '../../../functions/core/map-limit.js';
import { keepAliveMs } from '../../../infra/web-client-config.js';

const SUBSCRIPTION = 'subscription { hubEvents(domains: [SORTING]) { seq domain cursor } }';

interface Arrivals {
  count: number;
  last: number;
  done: () => void;
  all: Promise<void>;
}

export class RawSubscribers {
  private readonly sockets: WebSocket[] = [];
  private readonly bySeq = new Map<number, Arrivals>();

  /**
   * Pings every socket as the web client does (infra/web-client-config.ts): opening 10,000
   * subscribers takes longer than API Gateway's 10-minute idle timeout, which the local gateway
   * enforces, and a screen that keeps its socket alive is what is being modelled.
   */
  private readonly keepAlive = setInterval(() => {
    for (const ws of this.sockets) if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
  }, keepAliveMs(API_GATEWAY_WEBSOCKET.idleTimeoutMs)).unref();

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  get size(): number {
    return this.sockets.length;
  }

  /**
   * Opens `n` more subscribers, `parallel` at a time; resolves when each has sent its subscribe.
   * A socket the server closes before its ack (on a loaded machine a queued `connection_init`
   * can outwait the init timeout: 4408) is opened again, up to 5 times, instead of hanging the run.
   */
  async open(n: number, parallel = 50): Promise<void> {
    await mapLimit(
      Array.from({ length: n }, (_, i) => i),
      parallel,
      async () => {
        for (let attempt = 1; !(await this.openOne()); attempt++)
          if (attempt >= 5) throw new Error('a subscriber was closed before its ack 5 times');
      },
    );
  }

  /** One subscriber; false when the server closed it before the ack (it is then not counted). */
  private openOne(): Promise<boolean> {
    const wsUrl = `${this.url.replace(/^http/, 'ws')}/graphql`;
    return new Promise<boolean>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
      let acked = false;
      ws.on('open', () =>
        ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${this.token}` } })),
      );
      ws.on('error', reject);
      ws.on('close', () => {
        if (!acked) resolve(false);
      });
      ws.on('message', (raw) => {
        const text = raw.toString();
        if (text.startsWith('{"type":"connection_ack"')) {
          acked = true;
          this.sockets.push(ws);
          ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
          resolve(true);
          return;
        }
        const msg = JSON.parse(text) as { type: string; payload?: { data?: { hubEvents?: { seq: number } } } };
        if (msg.type === 'ping') ws.send('{"type":"pong"}');
        const seq = msg.type === 'next' ? msg.payload?.data?.hubEvents?.seq : undefined;
        if (seq !== undefined) this.arrived(seq);
      });
    });
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
    if (a.count >= this.sockets.length) a.done();
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
    clearInterval(this.keepAlive);
    for (const ws of this.sockets.splice(0)) ws.terminate();
    this.bySeq.clear();
  }
}

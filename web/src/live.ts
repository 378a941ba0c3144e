/**
 * Live events over graphql-ws (subprotocol graphql-transport-ws). Keeps the
 * last cursor, drops duplicates by (domain, seq), and after every reconnect
 * subscribes again with `after: <last cursor>` so the server back-fills what
 * was missed. Status changes drive the "live / reconnecting" indicator and
 * the dashboard's polling fallback.
 *
 * Tokens expire on open sockets: the server closes a connection whose token
 * has expired (4403; on AWS an abnormal closure). So every (re)connect asks for
 * a fresh token (renewed first if it is about to expire), and a renewal
 * reconnects at once with the new token; either way the subscription resumes
 * from the last cursor, so nothing is missed and nothing reloads. Pings every
 * `keepAliveMs` keep a quiet screen inside API Gateway's idle timeout.
 *
 * Seqs count within one life of the logs (its epoch, on every event and
 * cursor). When the store is recreated they start again, so an event of
 * another epoch is new, not a duplicate, and the last cursor names a position
 * that is gone (the server refuses it: CONFLICT, reason EPOCH_CHANGED). Either
 * way the feed forgets its positions, takes the new epoch and tells
 * `onEpochChange`, whose holder reloads what it shows.
 */
import { type Client, createClient } from 'graphql-ws';
import { lang } from './i18n.js';
import { HUB_EVENTS } from './queries.js';
import type { Domain, LiveEvent } from './types.js';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** `extensions.reason` of a subscription refused for a cursor of another log epoch (schema/errors.ts). */
export const EPOCH_CHANGED = 'EPOCH_CHANGED';

export interface LiveOptions<E extends LiveEvent = LiveEvent> {
  url: string;
  /**
   * The subscription document (default HUB_EVENTS). It must select hubEvents with
   * the LiveEvent fields and take `$after` and `$domains`; the screen adds its pushed reads.
   */
  query?: string;
  /** Further variables of `query` (e.g. the plan year). */
  variables?: Record<string, unknown>;
  token: () => string | null;
  /** A token valid for a while yet (renewed first when needed); default `token`. */
  freshToken?: () => Promise<string | null>;
  /** Subscribes to token renewals; the feed reconnects with the new token. Returns the unsubscribe. */
  onTokenChange?: (listener: (token: string | null) => void) => () => void;
  /** Ping interval on a quiet socket, ms (config.json `keepAliveMs`: a third of the gateway's idle timeout). */
  keepAliveMs?: number;
  /** Domains to follow; omitted = the server's default (the three report domains). */
  domains?: Domain[];
  onEvent: (event: E) => void;
  onStatus: (status: LiveStatus, detail?: string) => void;
  /** How long the first connection may take before the status says reconnecting, ms. */
  connectTimeoutMs?: number;
  /** Where to start: the cursor from Query.recentEvents, its epoch and the events already shown. */
  from?: { cursor: string; events: LiveEvent[]; epoch?: string };
  /**
   * The logs were recreated (a new epoch): the figures shown belong to the old log. Without it, the feed
   * simply goes on in the new log (from the event that showed the change, or live from now).
   */
  onEpochChange?: () => void;
}

export interface LiveFeed {
  readonly cursor: string | null;
  stop(): void;
}

/** Capped exponential backoff with jitter: 0.5, 1, 2, 4, 8 s, then every ~10 s for as long as it takes. */
async function backoff(retries: number): Promise<void> {
  const ms = Math.min(500 * 2 ** retries, 10_000) + Math.floor(Math.random() * 500);
  await new Promise((r) => setTimeout(r, ms));
}

export function startLive<E extends LiveEvent = LiveEvent>(opts: LiveOptions<E>): LiveFeed {
  let cursor: string | null = opts.from?.cursor ?? null;
  /** The epoch the positions belong to; null until known (set by the first event). */
  let epoch: string | null = opts.from?.epoch ?? null;
  const lastSeq = new Map<Domain, number>();
  for (const e of opts.from?.events ?? []) lastSeq.set(e.domain, Math.max(lastSeq.get(e.domain) ?? 0, e.seq));
  let dispose: (() => void) | null = null;
  let stopped = false;
  let everConnected = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let renewing = false;

  const setStatus = (s: LiveStatus, detail?: string) => {
    if (!stopped) opts.onStatus(s, detail);
  };

  const client: Client = createClient({
    url: opts.url,
    connectionParams: async () => {
      const token = await (opts.freshToken ?? (async () => opts.token()))();
      // The page's language, so errors of anything sent over this socket come back in it (README "lang").
      return token ? { authorization: `Bearer ${token}`, lang: lang() } : { lang: lang() };
    },
    // A quiet screen must not look idle to API Gateway (10 minutes without a message closes it).
    keepAlive: opts.keepAliveMs ?? 0,
    // Resubscribing disposes the old operation first; do not let that moment close the socket.
    lazyCloseTimeout: 1000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Network drops, API Gateway's 2-hour limit, a server restart, a 4403 after a token refresh: keep trying.
    shouldRetry: () => true,
    retryWait: backoff,
    on: {
      connected: () => {
        setStatus('live');
        // graphql-ws would replay the original subscribe (with the old cursor); subscribe again from the newest.
        if (everConnected) subscribe();
        everConnected = true;
      },
      closed: (e) => {
        const code = (e as { code?: number } | undefined)?.code;
        // A reconnect for a renewed token is planned: the events it misses are back-filled at once.
        if (renewing) renewing = false;
        else setStatus('reconnecting', code ? `close ${code}` : undefined);
      },
      error: () => setStatus('reconnecting'),
    },
  });

  /** Forget the old log's positions and tell the holder; false when the holder stopped the feed to reload. */
  function newEpoch(next: string | null): boolean {
    lastSeq.clear();
    cursor = null;
    epoch = next;
    opts.onEpochChange?.();
    return !stopped;
  }

  function accept(e: E): void {
    if (e.epoch && epoch && e.epoch !== epoch && !newEpoch(e.epoch)) return;
    epoch ??= e.epoch ?? null;
    const seen = lastSeq.get(e.domain) ?? 0;
    if (e.seq <= seen) return;
    lastSeq.set(e.domain, e.seq);
    cursor = e.cursor;
    opts.onEvent(e);
  }

  function subscribe(): void {
    dispose?.();
    const variables: Record<string, unknown> = { ...opts.variables, after: cursor };
    if (opts.domains) variables.domains = opts.domains;
    dispose = client.subscribe<{ hubEvents: E }>(
      { query: opts.query ?? HUB_EVENTS, variables },
      {
        next: (result) => {
          if (result.data?.hubEvents) accept(result.data.hubEvents);
        },
        error: (err) => {
          const first = Array.isArray(err) ? (err[0] as { message?: string; extensions?: { reason?: string } }) : null;
          if (first?.extensions?.reason === EPOCH_CHANGED) {
            // The cursor belongs to a log that is gone: start over in the new one, now.
            if (newEpoch(null)) subscribe();
            return;
          }
          // A GraphQL error for the operation (e.g. the server cannot stream yet): poll, and try again later.
          const message = first ? first.message : (err as Error)?.message;
          setStatus('reconnecting', message);
          clearTimeout(retryTimer);
          if (!stopped) retryTimer = setTimeout(subscribe, 15_000);
        },
        complete: () => {},
      },
    );
  }

  // A renewed token: reconnect with it now rather than be closed when the old one expires.
  const stopRenewals = opts.onTokenChange?.((token) => {
    if (!token || stopped || !everConnected) return;
    renewing = true;
    client.terminate();
  });

  setStatus('connecting');
  subscribe();
  const firstTimeout = setTimeout(() => {
    if (!everConnected) setStatus('reconnecting');
  }, opts.connectTimeoutMs ?? 5000);

  return {
    get cursor() {
      return cursor;
    },
    stop() {
      stopped = true;
      stopRenewals?.();
      clearTimeout(firstTimeout);
      clearTimeout(retryTimer);
      dispose?.();
      void client.dispose();
    },
  };
}

/**
 * What the screen may honestly say about its figures, from three inputs: the
 * live socket's status, the HTTP refreshes' outcomes, and the figures that
 * arrive (pushed with an event or read over HTTP). No DOM: the banner and the
 * header's indicator (connection-banner.ts, live-status.ts) only draw it.
 *
 * - 实时 (live) only when the socket is up AND the figures are current: not
 *   before the first figures arrived, not while the screen catches up after a
 *   reconnect (the back-fill comes over the socket, one HTTP refresh confirms
 *   the figures; a server answering 503 while it starts fails that refresh),
 *   and never beside a failed refresh.
 * - `goodAt` is the last moment the figures on screen were known current: the
 *   last figures received or confirmed, or — while the socket was live, which
 *   pushes every change — the moment it was lost. A failed refresh never moves
 *   it: the banner says how old the figures are, not when something failed.
 */
import type { LiveStatus } from '../../live.js';

/** The header's indicator: `catching-up` is a socket that is back while its figures are not yet confirmed. */
export type Indicator = LiveStatus | 'catching-up';

/** Why the last HTTP refresh failed, in words the banner can translate (never the raw error text). */
export type Trouble = 'starting' | 'unreachable' | 'busy' | 'failed';

export type BannerKind = 'lost' | 'catching-up' | 'refresh-failed';

export interface ConnectionView {
  indicator: Indicator;
  /** null: nothing to warn about. */
  banner: { kind: BannerKind; trouble: Trouble | null; goodAt: number | null } | null;
}

/** A failed refresh, classified: 503 while the server starts, no answer at all, throttled, anything else. */
export function troubleOf(err: unknown): Trouble {
  const e = err as { name?: string; code?: string; status?: number | null } | null;
  if (e?.name === 'NetworkError') return e.status === 503 ? 'starting' : e.status ? 'failed' : 'unreachable';
  if (e?.name === 'GqlError' && e.code === 'BUSY') return 'busy';
  return 'failed';
}

export class ConnectionState {
  private socket: LiveStatus = 'connecting';
  private wasLive = false;
  private loaded = false;
  /** The socket came back (or a refresh failed): one successful refresh must confirm the figures. */
  private stale = false;
  private trouble: Trouble | null = null;
  private goodAtMs: number | null = null;

  /** The socket's status changed (live.ts). */
  socketStatus(status: LiveStatus, now: number): void {
    if (this.socket === 'live' && status !== 'live' && !this.stale && this.trouble === null && this.loaded) {
      // Live until this moment: every change up to now was pushed.
      this.goodAtMs = now;
    }
    if (status !== 'live' && this.wasLive) this.stale = true;
    if (status === 'live') this.wasLive = true;
    this.socket = status;
  }

  /** Figures pushed with a live event: current by construction. */
  pushed(now: number): void {
    this.loaded = true;
    this.trouble = null;
    this.goodAtMs = now;
    // A push carries the whole dashboard as it stands: with the socket up, the figures are current again.
    if (this.socket === 'live') this.stale = false;
  }

  /** An HTTP refresh succeeded: current as of now; with the socket up, nothing is missing any more. */
  refreshed(now: number): void {
    this.loaded = true;
    this.trouble = null;
    this.goodAtMs = now;
    if (this.socket === 'live') this.stale = false;
  }

  /** An HTTP refresh failed (after its BUSY retries). */
  refreshFailed(err: unknown): void {
    this.trouble = troubleOf(err);
    this.stale = true;
  }

  /** Whether a refresh is owed before the screen may say 实时 (call when the socket is live). */
  needsRefresh(): boolean {
    return this.socket === 'live' && this.stale;
  }

  get goodAt(): number | null {
    return this.goodAtMs;
  }

  view(): ConnectionView {
    const goodAt = this.goodAtMs;
    if (this.socket !== 'live') {
      // The first connection is allowed its few seconds (live.ts says reconnecting after them).
      const firstTry = this.socket === 'connecting' && !this.wasLive;
      if (firstTry && this.trouble === null) return { indicator: 'connecting', banner: null };
      // Nothing was lost yet while the first connection is still being made: only the refresh failed.
      const kind = firstTry ? 'refresh-failed' : 'lost';
      return { indicator: this.socket, banner: { kind, trouble: this.trouble, goodAt } };
    }
    if (this.trouble !== null) {
      return { indicator: 'catching-up', banner: { kind: 'refresh-failed', trouble: this.trouble, goodAt } };
    }
    if (this.stale) return { indicator: 'catching-up', banner: { kind: 'catching-up', trouble: null, goodAt } };
    if (!this.loaded) return { indicator: 'connecting', banner: null };
    return { indicator: 'live', banner: null };
  }
}

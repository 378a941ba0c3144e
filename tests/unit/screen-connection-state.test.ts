/**
 * The screen's honest connection state (issue 13): 实时 only with the socket
 * up and the figures current; the banner's time is the last good figures',
 * never a failed refresh's; a socket that comes back catches up first.
 */
import { describe, expect, it } from 'vitest';
import { GqlError, NetworkError } from '../../web/src/gql.js';
import { ConnectionState, troubleOf } from '../../web/src/views/screen/connection-state.js';

/** A screen that opened, loaded and went live at t=1000. */
function liveScreen() {
  const s = new ConnectionState();
  s.socketStatus('connecting', 0);
  s.refreshed(500);
  s.socketStatus('live', 1000);
  return s;
}

describe('screen connection state', () => {
  it('says connecting, without a banner, until the socket is up and the first figures arrived', () => {
    const s = new ConnectionState();
    s.socketStatus('connecting', 0);
    expect(s.view()).toEqual({ indicator: 'connecting', banner: null });
    s.socketStatus('live', 100);
    expect(s.view()).toEqual({ indicator: 'connecting', banner: null });
    s.refreshed(200);
    expect(s.view()).toEqual({ indicator: 'live', banner: null });
    expect(s.needsRefresh()).toBe(false);
  });

  it('on losing the socket: banner at once, with the moment the live figures were last known current', () => {
    const s = liveScreen();
    s.pushed(5000);
    s.socketStatus('reconnecting', 9000);
    expect(s.view()).toEqual({ indicator: 'reconnecting', banner: { kind: 'lost', trouble: null, goodAt: 9000 } });
  });

  it('a failed poll names its cause but never moves the time of the last good figures', () => {
    const s = liveScreen();
    s.socketStatus('reconnecting', 9000);
    s.refreshFailed(new NetworkError('Network error: Failed to fetch'));
    expect(s.view().banner).toEqual({ kind: 'lost', trouble: 'unreachable', goodAt: 9000 });
    s.refreshFailed(new NetworkError('HTTP 503: starting', 503));
    expect(s.view().banner).toEqual({ kind: 'lost', trouble: 'starting', goodAt: 9000 });
    // A poll that succeeds while the socket is down: newer figures, still not live.
    s.refreshed(20_000);
    expect(s.view()).toEqual({ indicator: 'reconnecting', banner: { kind: 'lost', trouble: null, goodAt: 20_000 } });
  });

  it('back after a loss: catching up (not 实时) until one refresh or push confirms the figures', () => {
    const s = liveScreen();
    s.socketStatus('reconnecting', 9000);
    s.socketStatus('live', 30_000);
    expect(s.needsRefresh()).toBe(true);
    expect(s.view()).toEqual({
      indicator: 'catching-up',
      banner: { kind: 'catching-up', trouble: null, goodAt: 9000 },
    });
    // The restarted server still starting: the refresh fails, the banner says so, the indicator is not 实时.
    s.refreshFailed(new NetworkError('HTTP 503', 503));
    expect(s.view()).toEqual({
      indicator: 'catching-up',
      banner: { kind: 'refresh-failed', trouble: 'starting', goodAt: 9000 },
    });
    s.refreshed(31_000);
    expect(s.view()).toEqual({ indicator: 'live', banner: null });
    expect(s.needsRefresh()).toBe(false);
  });

  it('a push over the live socket confirms the figures too (the back-fill carries the dashboard)', () => {
    const s = liveScreen();
    s.socketStatus('reconnecting', 9000);
    s.socketStatus('live', 30_000);
    s.pushed(30_100);
    expect(s.view()).toEqual({ indicator: 'live', banner: null });
  });

  it('never says 实时 beside a failed refresh, even with the socket up', () => {
    const s = liveScreen();
    s.refreshFailed(new GqlError('INTERNAL', 'boom'));
    expect(s.view()).toEqual({
      indicator: 'catching-up',
      banner: { kind: 'refresh-failed', trouble: 'failed', goodAt: 500 },
    });
  });

  it('a first connection that never comes up shows the banner with no data yet', () => {
    const s = new ConnectionState();
    s.socketStatus('connecting', 0);
    s.refreshFailed(new NetworkError('HTTP 503', 503));
    expect(s.view()).toEqual({
      indicator: 'connecting',
      banner: { kind: 'refresh-failed', trouble: 'starting', goodAt: null },
    });
    s.socketStatus('reconnecting', 5000);
    expect(s.view()).toEqual({
      indicator: 'reconnecting',
      banner: { kind: 'lost', trouble: 'starting', goodAt: null },
    });
  });

  it('classifies failures for the banner in words, not in the raw error text', () => {
    expect(troubleOf(new NetworkError('Network error: x'))).toBe('unreachable');
    expect(troubleOf(new NetworkError('HTTP 503: x', 503))).toBe('starting');
    expect(troubleOf(new NetworkError('HTTP 502: x', 502))).toBe('failed');
    expect(troubleOf(new GqlError('BUSY', 'busy', [], 429, 2))).toBe('busy');
    expect(troubleOf(new Error('anything'))).toBe('failed');
  });
});

/**
 * A subscriber's result over API Gateway's 128 KB message limit is never
 * dropped silently: the subscriber gets an `error` for that id, the
 * subscription is removed, and the event is logged. A gone connection (410)
 * is deleted with its subscriptions.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../functions/core/logger.js';
import type { ConnectionStore } from '../../functions/core/realtime/connections/connection-store.js';
import {
  GoneError,
  PayloadTooLargeError,
  type RealtimeSocket,
} from '../../functions/core/realtime/connections/socket.js';
import { sendNext } from '../../functions/core/realtime/delivery/send-next.js';

function fakes(behaviour: (message: string) => void = () => {}) {
  const sent: string[] = [];
  const removed: string[] = [];
  const logs: string[] = [];
  const socket: RealtimeSocket = {
    send: async (m) => {
      behaviour(m);
      sent.push(m);
    },
    close: async () => {},
  };
  const store = {
    removeSubscription: async (c: string, id: string) => {
      removed.push(`sub ${c}/${id}`);
      return true;
    },
    removeConnection: async (c: string) => {
      removed.push(`conn ${c}`);
    },
  } as unknown as ConnectionStore;
  const logger = createLogger('warn', {}, (line) => logs.push(line));
  return { sent, removed, logs, socket, ctx: { store, logger } };
}

const sub = { connectionId: 'c1', id: 's1' };

describe('sending a next message', () => {
  it('sends a result under the limit as `next`', async () => {
    const f = fakes();
    expect(await sendNext(f.ctx, f.socket, sub, '{"data":{"hubEvents":{"seq":1}}}')).toBe('sent');
    expect(JSON.parse(f.sent[0])).toEqual({ type: 'next', id: 's1', payload: { data: { hubEvents: { seq: 1 } } } });
  });

  it('answers an oversized result with an error for that id, removes the subscription and logs it', async () => {
    const f = fakes();
    const big = JSON.stringify({ data: { hubEvents: { note: 'x'.repeat(140 * 1024) } } });
    expect(await sendNext(f.ctx, f.socket, sub, big, { domain: 'sorting', seq: 7 })).toBe('too-large');
    const message = JSON.parse(f.sent[0]);
    expect(message).toMatchObject({ type: 'error', id: 's1' });
    expect(message.payload[0].message).toContain('128 KB');
    expect(f.removed).toEqual(['sub c1/s1']);
    expect(f.logs.join('\n')).toMatch(/128 KB.*"seq":7/);
  });

  it('treats the gateway refusing the size (413) the same way', async () => {
    let first = true;
    const f = fakes((m) => {
      if (first) {
        first = false;
        throw new PayloadTooLargeError('c1', Buffer.byteLength(m));
      }
    });
    expect(await sendNext(f.ctx, f.socket, sub, '{"data":{}}')).toBe('too-large');
    expect(JSON.parse(f.sent[0])).toMatchObject({ type: 'error', id: 's1' });
  });

  it('deletes a gone connection (410) and its subscriptions', async () => {
    const f = fakes(() => {
      throw new GoneError('c1');
    });
    expect(await sendNext(f.ctx, f.socket, sub, '{"data":{}}')).toBe('gone');
    expect(f.removed).toEqual(['conn c1']);
  });
});

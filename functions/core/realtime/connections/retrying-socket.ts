/**
 * Posts retried through the management API's throttling. PostToConnection
 * answers 429 when an account's API Gateway rate is exceeded and 5xx on a bad
 * moment; posts go out without the SDK's retry middleware (signed-post.ts), and
 * even its single retry left, at a few percent throttled, a post in a few
 * hundred failing. Every caller (the protocol's acks and
 * pongs, the fan-out, the back-fill) would otherwise handle that alone, and
 * the ones that did not failed the whole invocation. A gone connection (410)
 * or a message over the limit (413) is an answer, not a fault: never retried.
 */
import { GoneError, PayloadTooLargeError, type SocketFactory } from './socket.js';

export interface RetryOptions {
  /**
   * Attempts per post, the first included. Default 6: posts carry no SDK retry
   * (signed-post.ts), so these are all a throttled post gets — at 30% of posts
   * throttled, one in ~1,400 still fails after six and its connection resumes.
   */
  attempts?: number;
  /** Backoff before the second attempt; each later one waits 2× longer (50…800 ms, 1.55 s in all), with jitter. Default 50 ms. */
  baseDelayMs?: number;
  random?: () => number;
}

const isAnswer = (err: unknown) => err instanceof GoneError || err instanceof PayloadTooLargeError;

export function retryingSockets(inner: SocketFactory, options: RetryOptions = {}): SocketFactory {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 50;
  const random = options.random ?? Math.random;
  return (connectionId) => {
    const socket = inner(connectionId);
    return {
      async send(message) {
        for (let attempt = 1; ; attempt++) {
          try {
            return await socket.send(message);
          } catch (err) {
            if (isAnswer(err) || attempt >= attempts) throw err;
            const cap = base * 2 ** (attempt - 1);
            await new Promise((r) => setTimeout(r, cap / 2 + random() * (cap / 2)));
          }
        }
      },
      close: (code, reason) => socket.close(code, reason),
    };
  };
}

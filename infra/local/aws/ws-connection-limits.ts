/**
 * API Gateway's limits on one WebSocket connection, applied to a local
 * socket: the 32 KB frame limit (close 1009, see ws-frame-limit.ts), the
 * idle timeout (no traffic in either direction; close 1001) and the maximum
 * connection duration (close 1001, traffic or not). The numbers are given by
 * the gateway (aws/service-limits.ts by default, compressed in tests).
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { FrameLimitScanner } from './ws-frame-limit.js';

export interface ConnectionLimits {
  maxFrameBytes: number;
  idleTimeoutMs: number;
  /** null: no maximum. */
  maxConnectionMs: number | null;
}

export type LimitReason = 'idle' | 'max-duration' | 'frame-too-large';

export interface LimitWatch {
  /** Traffic on the connection: restarts the idle timer. */
  touch(): void;
  /** The socket closed: stop the timers. */
  stop(): void;
  /** True once a frame over the limit was seen: nothing read after it is delivered. */
  readonly refused: boolean;
}

export function watchConnectionLimits(
  ws: WebSocket,
  socket: Duplex,
  limits: ConnectionLimits,
  onLimit: (reason: LimitReason, detail: Record<string, unknown>) => void,
): LimitWatch {
  let idle: NodeJS.Timeout | null = null;
  let refused = false;
  const max =
    limits.maxConnectionMs === null
      ? null
      : setTimeout(() => {
          onLimit('max-duration', { afterMs: limits.maxConnectionMs });
          ws.close(1001, 'Going away (maximum connection duration)');
        }, limits.maxConnectionMs);
  max?.unref();
  const touch = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      onLimit('idle', { afterMs: limits.idleTimeoutMs });
      ws.close(1001, 'Going away (idle timeout)');
    }, limits.idleTimeoutMs);
    idle.unref();
  };
  touch();
  // Checked on the raw bytes as they arrive, before `ws` reads them: prepended, so a frame that
  // arrives whole in one chunk is refused before `ws` could emit it as a message.
  const frames = new FrameLimitScanner(limits.maxFrameBytes, (bytes) => {
    refused = true;
    onLimit('frame-too-large', { bytes, limit: limits.maxFrameBytes });
    ws.close(1009, 'Message too big');
  });
  socket.prependListener('data', (chunk: Buffer) => frames.push(chunk));
  return {
    touch,
    stop() {
      if (idle) clearTimeout(idle);
      if (max) clearTimeout(max);
    },
    get refused() {
      return refused;
    },
  };
}

/**
 * The embedded API Gateway's building blocks, without sockets: the token
 * bucket, the frame-header reader, and the rule that every number comes
 * from one place (cdk.json for the stack's settings, service-limits.ts for
 * AWS's, the manifest for timeouts), so the rehearsal and the stack agree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../functions/core/realtime/connections/socket.js';
import { functionSpec } from '../../functions/manifest.js';
import { createHttpThrottle } from '../../infra/local/aws/http-throttle.js';
import { createManagementFaults } from '../../infra/local/aws/management-faults.js';
import { API_GATEWAY_HTTP, API_GATEWAY_WEBSOCKET } from '../../infra/local/aws/service-limits.js';
import { FrameLimitScanner } from '../../infra/local/aws/ws-frame-limit.js';
import { readStackConfig } from '../../infra/stack-config.js';
import { cdkJsonContext, deployedStageThrottles } from '../../infra/stage-throttles.js';

/** A masked client frame header for a payload of `length` bytes (RFC 6455 §5.2). */
function frameHeader(length: number, opcode = 0x1): Buffer {
  const first = 0x80 | opcode;
  const mask = Buffer.from([1, 2, 3, 4]);
  if (length < 126) return Buffer.concat([Buffer.from([first, 0x80 | length]), mask]);
  if (length < 65536) {
    const b = Buffer.from([first, 0x80 | 126, 0, 0]);
    b.writeUInt16BE(length, 2);
    return Buffer.concat([b, mask]);
  }
  const b = Buffer.alloc(10);
  b[0] = first;
  b[1] = 0x80 | 127;
  b.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([b, mask]);
}

describe('HTTP stage throttle (token bucket)', () => {
  it('admits the burst at once, then the rate, and says when to retry', () => {
    let t = 0;
    const bucket = createHttpThrottle({ rateLimit: 2, burstLimit: 3 }, () => t);
    expect([1, 2, 3].map(() => bucket.take().allowed)).toEqual([true, true, true]);
    expect(bucket.take()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    t = 500; // half a second at 2/s: one token back
    expect(bucket.take().allowed).toBe(true);
    expect(bucket.take().allowed).toBe(false);
    t = 60_000; // a long pause refills to the burst, never beyond
    expect([1, 2, 3, 4].map(() => bucket.take().allowed)).toEqual([true, true, true, false]);
    expect(bucket.stats).toEqual({ allowed: 7, throttled: 3 });
  });

  it('rounds Retry-After up to whole seconds at a slow rate', () => {
    const bucket = createHttpThrottle({ rateLimit: 0.25, burstLimit: 1 }, () => 0);
    bucket.take();
    expect(bucket.take()).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});

describe('32 KB frame limit (frame headers)', () => {
  const scan = (chunks: Buffer[], limit = 32 * 1024) => {
    const seen: number[] = [];
    const scanner = new FrameLimitScanner(limit, (bytes) => seen.push(bytes));
    for (const c of chunks) scanner.push(c);
    return seen;
  };

  it('passes frames up to the limit and reports the first one over it, with 16- and 64-bit lengths', () => {
    const ok = [frameHeader(100), Buffer.alloc(100), frameHeader(32 * 1024), Buffer.alloc(32 * 1024)];
    expect(scan(ok)).toEqual([]);
    expect(scan([...ok, frameHeader(32 * 1024 + 1)])).toEqual([32 * 1024 + 1]);
    expect(scan([frameHeader(200_000)])).toEqual([200_000]);
  });

  it('reads headers split across chunks, byte by byte', () => {
    const stream = Buffer.concat([frameHeader(10), Buffer.alloc(10), frameHeader(40_000)]);
    const bytes = [...stream].map((b) => Buffer.from([b]));
    expect(scan(bytes)).toEqual([40_000]);
  });

  it('ignores control frames', () => {
    expect(scan([frameHeader(125, 0x9), Buffer.alloc(125)], 100)).toEqual([]);
  });
});

describe('management API faults', () => {
  it('replays the same faults for the same seed, in the configured shares', () => {
    const draws = (seed: number) => {
      const f = createManagementFaults({ throttleRatio: 0.2, goneRatio: 0.1, seed });
      return Array.from({ length: 2000 }, () => f.draw('c').error);
    };
    const a = draws(7);
    expect(draws(7)).toEqual(a);
    const share = (e: string) => a.filter((x) => x === e).length / a.length;
    expect(share('throttled')).toBeGreaterThan(0.15);
    expect(share('throttled')).toBeLessThan(0.25);
    expect(share('gone')).toBeGreaterThan(0.07);
    expect(share('gone')).toBeLessThan(0.13);
  });

  it('limits faults to the named connections and refuses ratios outside 0–1', () => {
    const f = createManagementFaults({ goneRatio: 1, connectionIds: new Set(['a']) });
    expect(f.draw('b').error).toBeNull();
    expect(f.draw('a').error).toBe('gone');
    expect(() => f.configure({ throttleRatio: 1.5 })).toThrow(/throttleRatio/);
  });
});

describe('one source for every number', () => {
  it("enforces cdk.json's stage throttles, exactly as the stack reads them", () => {
    const context = JSON.parse(readFileSync('cdk.json', 'utf8')).context;
    const stack = readStackConfig(cdkJsonContext());
    const local = deployedStageThrottles();
    expect(local.http).toEqual({ rateLimit: context.httpRateLimit, burstLimit: context.httpBurstLimit });
    expect(local.http).toEqual(stack.httpThrottle);
    expect(local.ws).toEqual(stack.wsThrottle);
  });

  it("keeps the fan-out's message limit and the gateway's the same constant", () => {
    expect(API_GATEWAY_WEBSOCKET.maxMessageBytes).toBe(MAX_MESSAGE_BYTES);
    expect(API_GATEWAY_WEBSOCKET.maxFrameBytes).toBeLessThan(API_GATEWAY_WEBSOCKET.maxMessageBytes);
  });

  it("fits each API-integrated function's timeout in API Gateway's integration timeout", () => {
    expect(functionSpec('Ws').timeoutSeconds).toBeLessThanOrEqual(API_GATEWAY_WEBSOCKET.integrationTimeoutSeconds);
    expect(functionSpec('Http').timeoutSeconds).toBeLessThanOrEqual(API_GATEWAY_HTTP.integrationTimeoutSeconds);
  });
});

/**
 * API Gateway's stage throttle as a token bucket: `burstLimit` tokens at
 * most, refilled at `rateLimit` per second, one token per request. It is per
 * stage, not per client, so every request to an HTTP API route (`/graphql`,
 * `/healthz`) draws from the same bucket. A request that finds no token is
 * answered 429 `{"message":"Too Many Requests"}` without reaching the
 * Lambda; `Retry-After` says when one token will be back (whole seconds).
 */
import type { StageThrottle } from '../../stage-throttles.js';

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface HttpThrottle {
  take(): ThrottleDecision;
  readonly settings: StageThrottle;
  readonly stats: { allowed: number; throttled: number };
}

export function createHttpThrottle(settings: StageThrottle, now: () => number = Date.now): HttpThrottle {
  if (!(settings.rateLimit > 0) || !(settings.burstLimit >= 1))
    throw new Error(`A stage throttle needs rateLimit > 0 and burstLimit >= 1, got ${JSON.stringify(settings)}`);
  let tokens = settings.burstLimit;
  let refilledAt = now();
  const stats = { allowed: 0, throttled: 0 };
  return {
    settings,
    stats,
    take() {
      const t = now();
      tokens = Math.min(settings.burstLimit, tokens + ((t - refilledAt) / 1000) * settings.rateLimit);
      refilledAt = t;
      if (tokens >= 1) {
        tokens -= 1;
        stats.allowed++;
        return { allowed: true };
      }
      stats.throttled++;
      const secondsToOneToken = (1 - tokens) / settings.rateLimit;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(secondsToOneToken)) };
    },
  };
}

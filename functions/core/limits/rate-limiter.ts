/**
 * Per-principal rate limits as fixed windows counted in the hub table: one
 * UpdateItem `ADD n :one` per operation, so every Lambda instance (and the
 * embedded fleet's) counts against the same window. A principal past its
 * limit gets `BUSY` (retryable) with `retryAfter` seconds, to the end of the
 * window; other principals count in their own items and are unaffected.
 * Window rows expire by TTL one window after they end.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { BusyError } from '../../../schema/errors.js';
import type { Principal } from '../../../schema/model.js';
import { rateLimitKey } from '../store/keys/rate-limits.js';
import { DEFAULT_LIMITS, type HubLimits, RATE_KIND_NAME, type RateKind } from './hub-limits.js';
import { LIMIT_MESSAGES } from './messages.js';

/** BUSY with the seconds to wait: HTTP answers it with `Retry-After`, WebSocket in the `error`'s extensions. */
export class RateLimitedError extends BusyError {
  readonly retryAfterSeconds: number;
  constructor(kind: RateKind, limit: number, windowSeconds: number, retryAfterSeconds: number) {
    super(LIMIT_MESSAGES.rateLimited(RATE_KIND_NAME[kind], limit, windowSeconds, retryAfterSeconds));
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
    this.extensions.retryAfter = retryAfterSeconds;
    this.extensions.limit = `${kind}: ${limit} per ${windowSeconds} s`;
  }
}

export interface RateLimiter {
  /** Counts one operation of `kind` for the principal; throws RateLimitedError past the limit. */
  take(principal: Principal, kind: RateKind): Promise<void>;
}

export function createRateLimiter(deps: {
  ddb: DynamoDBDocumentClient;
  table: string;
  limits?: HubLimits;
  now?: () => number;
}): RateLimiter {
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const now = deps.now ?? Date.now;
  return {
    async take(principal, kind) {
      const { limit, windowSeconds } = limits[kind];
      const nowS = Math.floor(now() / 1000);
      const windowStart = nowS - (nowS % windowSeconds);
      const out = await deps.ddb.send(
        new UpdateCommand({
          TableName: deps.table,
          Key: rateLimitKey(kind, principal.sub, windowStart),
          UpdateExpression: 'ADD n :one SET expiresAt = if_not_exists(expiresAt, :exp)',
          ExpressionAttributeValues: { ':one': 1, ':exp': windowStart + 2 * windowSeconds },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const count = Number(out.Attributes?.n ?? 0);
      if (count > limit) {
        throw new RateLimitedError(kind, limit, windowSeconds, Math.max(1, windowStart + windowSeconds - nowS));
      }
    },
  };
}

/** Rate-limit windows in the hub table: `RATE#<kind>#<sub> / <window start, epoch s>`, one counter per window. */
import { type ItemKey, PREFIX } from './prefixes.js';

export const rateLimitKey = (kind: string, sub: string, windowStart: number): ItemKey => ({
  PK: `${PREFIX.rateLimit}${kind}#${sub}`,
  SK: String(windowStart),
});

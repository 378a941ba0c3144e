/** Idempotency reservations in the hub table: `IDEM#<sub>#<key> / IDEM`, one per principal and key. */
import { type ItemKey, PREFIX } from './prefixes.js';

export const idempotencyKey = (sub: string, key: string): ItemKey => ({
  PK: `${PREFIX.idempotency}${sub}#${key}`,
  SK: 'IDEM',
});

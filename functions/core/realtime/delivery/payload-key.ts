/**
 * What one event's payload depends on besides the event, and the cursor it
 * carries: the fan-out executes each distinct payload once per event and
 * posts it to every subscription with the same key.
 */
import { encodeCursor } from '../../../../schema/cursor.js';
import type { DomainName } from '../../../../schema/model.js';
import type { SubscriptionRecord } from '../connections/connection-store.js';
import type { Vector } from './fan-out-checkpoint.js';

/** Cursor of an event for a subscription: the vector (with the event's own seq) over its domains. */
export function cursorFor(vector: Vector, domains: readonly DomainName[]): string {
  const position: Partial<Vector> = {};
  for (const d of domains) position[d] = vector[d];
  return encodeCursor(position);
}

/**
 * What one event's payload depends on besides the event: the operation, the
 * cursor — which covers exactly the subscriber's domains, so the resolved
 * domain set (a department naming none follows its own, a screen naming none
 * all three) — and the claims authorization reads (role, department).
 */
export const payloadKey = (s: SubscriptionRecord) =>
  JSON.stringify([
    s.query,
    s.variables ?? null,
    s.operationName ?? null,
    [...s.domains].sort(),
    s.principal.role,
    s.principal.dept ?? null,
  ]);

/**
 * How long an idempotency key is remembered: 24 hours from its first use (as
 * payment APIs do). A reservation row carries `expiresAt` (epoch seconds,
 * the hub table's TTL attribute), so DynamoDB deletes it after the window; a
 * retry after the window is a new request (it appends a new event, or is a
 * correction of the same entity). Until TTL deletes it, an expired row is
 * overwritten as if it were absent (the writer's condition), because TTL lags.
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The `expiresAt` of a reservation made at `now`. */
export const reservationExpiresAt = (now: Date, windowMs = IDEMPOTENCY_WINDOW_MS) =>
  Math.floor((now.getTime() + windowMs) / 1000);

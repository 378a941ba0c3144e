/** How waiting for or holding the fan-out lease fails (fan-out-checkpoint.ts). */

/** The lease was taken over (it expired): stop delivering. */
export class LeaseLostError extends Error {
  constructor(owner: string) {
    super(`Fan-out lease of ${owner} was lost`);
    this.name = 'LeaseLostError';
  }
}

/** Waiting for the lease took longer than the caller allowed. */
export class LeaseWaitTimeoutError extends Error {
  constructor(heldBy: string | null, waitedMs: number) {
    super(`Timed out after ${waitedMs} ms waiting for the fan-out lease (held by ${heldBy})`);
    this.name = 'LeaseWaitTimeoutError';
  }
}

/** Every key of both tables, built in one place (see ../tables.ts for the map). */
export * from './checkpoints.js';
export * from './connections.js';
export * from './entity-items.js';
export * from './epoch.js';
export * from './idempotency.js';
export * from './log.js';
export * from './prefixes.js';
export * from './rate-limits.js';
export * from './read-models.js';
export * from './verification.js';

/**
 * Moved to ./paging.ts. Kept only for realtime/dynamo-connection-store.ts,
 * which another change is moving right now; delete once it imports paging.js.
 */
export { queryPages } from './paging.js';

/**
 * Moved to core/store/keys/ (every key is built there). Kept only for the two
 * importers another change is moving right now, realtime/topics.ts and
 * infra/local/embedded.ts; delete once they import ../store/keys/log.js.
 */
export { entityRoot, logPk, seqSk } from '../store/keys/log.js';

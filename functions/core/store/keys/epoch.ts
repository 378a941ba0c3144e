/**
 * The log epoch, in the hub table:
 *
 *   EPOCH#log / EPOCH   a random id naming this life of the logs, and the table it was written for
 *
 * Its own prefix: the functions that may create it get a write grant reaching
 * nothing else, and the rebuild (read models only) never drops it.
 */
import { type ItemKey, PREFIX } from './prefixes.js';

export const LOG_EPOCH_KEY: Readonly<ItemKey> = Object.freeze({ PK: `${PREFIX.epoch}log`, SK: 'EPOCH' });

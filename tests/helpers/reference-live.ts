/**
 * An in-process `LiveEvents` for the reference graphql-ws server of the
 * differential test: polls the log per domain from the cursor (or the heads
 * at subscribe time) and yields matching events with a cursor of their own.
 */

import type { Hub } from '../../functions/core/compose/hub.js';
import { readAfter, readHead } from '../../functions/core/log/log-reader.js';
import { createStreetOf } from '../../functions/core/realtime/delivery/event-street.js';
import { matchesFilter } from '../../functions/core/realtime/delivery/topics.js';
import type { LiveEvents } from '../../schema/context.js';
import { type CursorPosition, decodeCursor, encodeCursor } from '../../schema/cursor.js';

export function pollingLive(hub: Hub, intervalMs = 20): LiveEvents {
  const streetOf = createStreetOf(hub.services.reference);
  return {
    subscribe(args) {
      return (async function* () {
        const position: CursorPosition = args.after ? decodeCursor(args.after) : {};
        for (const d of args.domains) position[d] ??= (await readHead(hub.store, d))?.seq ?? 0;
        for (;;) {
          for (const d of args.domains) {
            for (const event of await readAfter(hub.store, d, position[d] as number)) {
              position[d] = event.seq;
              if (matchesFilter(args, event, await streetOf(event))) yield { ...event, cursor: encodeCursor(position) };
            }
          }
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      })();
    },
  };
}

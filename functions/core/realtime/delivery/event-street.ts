/**
 * The street an event is about, for `hubEvents(street:)`. Sorting reports and
 * reference rows carry it; construction and housing reports name a project,
 * whose street comes from the reference read model.
 *
 * Resolved per batch of events, never cached across batches: `upsertProject`
 * can move a project to another street, and with many instances the one that
 * delivers next need not be the one that saw the move. A project named by
 * several events of a batch is looked up once, so a batch costs one
 * (consistent) read per distinct project, and every batch sees the read model
 * as it stands when the batch is delivered.
 */
import type { HubEventRecord } from '../../../../schema/model.js';
import type { ReferenceService } from '../../../../schema/services.js';

/** The streets of a batch of events, in order (null: the event is about no street). */
export type StreetOf = (events: readonly HubEventRecord[]) => Promise<Array<string | null>>;

type ProjectKind = 'project' | 'housing';

/** Which project an event's street comes from, or its street when the event itself says. */
function streetSource(event: HubEventRecord): { street: string | null } | { kind: ProjectKind; code: string } {
  const data = event.data as Record<string, unknown>;
  if (typeof data.street === 'string') return { street: data.street };
  if (event.domain === 'reference') {
    return { street: typeof data.code === 'string' && /^\d{9}$/.test(data.code) ? data.code : null };
  }
  if (typeof data.project !== 'string') return { street: null };
  if (event.domain === 'construction') return { kind: 'project', code: data.project };
  if (event.domain === 'housing') return { kind: 'housing', code: data.project };
  return { street: null };
}

export function createStreetOf(reference: Pick<ReferenceService, 'project' | 'housingProject'>): StreetOf {
  return async (events) => {
    const lookups = new Map<string, Promise<string | null>>();
    const lookup = (kind: ProjectKind, code: string) => {
      const key = `${kind}:${code}`;
      let hit = lookups.get(key);
      if (!hit) {
        hit = (kind === 'project' ? reference.project(code) : reference.housingProject(code)).then(
          (p) => p?.street ?? null,
        );
        lookups.set(key, hit);
      }
      return hit;
    };
    return Promise.all(
      events.map((event) => {
        const source = streetSource(event);
        return 'street' in source ? source.street : lookup(source.kind, source.code);
      }),
    );
  };
}

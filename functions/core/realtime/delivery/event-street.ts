/**
 * The street an event is about, for `hubEvents(street:)`. Sorting reports and
 * reference rows carry it; construction and housing reports name a project,
 * whose street comes from the reference read model (cached per instance:
 * a project never moves street in this hub's data).
 */
import type { HubEventRecord } from '../../../../schema/model.js';
import type { ReferenceService } from '../../../../schema/services.js';

export type StreetOf = (event: HubEventRecord) => Promise<string | null>;

export function createStreetOf(reference: Pick<ReferenceService, 'project' | 'housingProject'>): StreetOf {
  const cache = new Map<string, Promise<string | null>>();
  const lookup = (kind: 'project' | 'housing', code: string) => {
    const key = `${kind}:${code}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = (kind === 'project' ? reference.project(code) : reference.housingProject(code)).then(
        (p) => p?.street ?? null,
      );
      // A failed lookup is retried next time rather than cached.
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };
  return async (event) => {
    const data = event.data as Record<string, unknown>;
    if (typeof data.street === 'string') return data.street;
    if (event.domain === 'reference')
      return typeof data.code === 'string' && /^\d{9}$/.test(data.code) ? data.code : null;
    if (typeof data.project !== 'string') return null;
    if (event.domain === 'construction') return lookup('project', data.project);
    if (event.domain === 'housing') return lookup('housing', data.project);
    return null;
  };
}

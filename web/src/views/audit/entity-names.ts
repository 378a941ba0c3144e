/**
 * Names for the codes in the log: 410104012:2026-12-02 reads 金岱街道 · 2026-12-02,
 * HS-03:2026-11-30 reads the housing project's name. Also the audit view's
 * "street / project" dropdown per domain.
 */
import type { GqlClient } from '../../gql.js';
import type { Domain } from '../../types.js';

const NAMES = `query AuditNames { streets { code name nameEn } projects { code name } housingProjects { code name } }`;

export interface EntityNames {
  /** [zh, en] for an entity id (code, or code:date / code:period), or null when the code is unknown. */
  name(entityId: string): [string, string] | null;
  /** The entities a domain's events are about, as dropdown options. */
  options(domain: Domain): { code: string; zh: string; en: string }[];
}

export async function loadEntityNames(gql: GqlClient): Promise<EntityNames> {
  const data = await gql.request<{
    streets: { code: string; name: string; nameEn: string }[];
    projects: { code: string; name: string }[];
    housingProjects: { code: string; name: string }[];
  }>(NAMES);
  const streets = data.streets.map((s) => ({ code: s.code, zh: s.name, en: s.nameEn }));
  const projects = data.projects.map((p) => ({ code: p.code, zh: p.name, en: p.name }));
  const housing = data.housingProjects.map((p) => ({ code: p.code, zh: p.name, en: p.name }));
  const byCode = new Map([...streets, ...projects, ...housing].map((o) => [o.code, o]));
  return {
    name(entityId) {
      const [code, ...rest] = entityId.split(':');
      const o = byCode.get(code);
      if (!o) return null;
      const tail = rest.length ? ` · ${rest.join(':')}` : '';
      return [`${o.zh}${tail}`, `${o.en}${tail}`];
    },
    options(domain) {
      if (domain === 'SORTING') return streets;
      if (domain === 'CONSTRUCTION') return projects;
      if (domain === 'HOUSING') return housing;
      return [...streets, ...projects, ...housing];
    },
  };
}

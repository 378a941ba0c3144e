/**
 * A planned seed write as the API performs it: the service call (validation,
 * entity id, event type) a department or an operator would make, under the
 * seed's principals.
 */
import type { DomainName, Principal } from '../../../schema/model.js';
import type { HubServices } from '../../../schema/services.js';
import type { SeedWrite } from './seed-plan.js';

export interface SeedProgress {
  domain: DomainName;
  done: number;
  total: number;
}

export interface SeedResult {
  seeded: boolean;
  reason: string;
  /** Writes made by this run (a resumed seed counts only the rest). */
  events: number;
}

/** Reports are validated against the projects registered before them. */
export const isReport = (w: SeedWrite) => w.kind === 'progress' || w.kind === 'sorting' || w.kind === 'housing';

const ADMIN: Principal = { sub: 'seed-admin', role: 'admin', name: '演示数据' };
const dept = (d: 'construction' | 'sorting' | 'housing'): Principal => ({
  sub: `seed-${d}`,
  role: 'department',
  dept: d,
  name: '演示数据',
});

export async function applySeedWrite(services: Pick<HubServices, 'reference' | 'reports'>, w: SeedWrite) {
  switch (w.kind) {
    case 'street':
      return services.reference.upsertStreet(ADMIN, w.input);
    case 'target':
      return services.reference.setTarget(ADMIN, w.input);
    case 'project':
      return services.reference.upsertProject(ADMIN, w.input);
    case 'housingProject':
      return services.reference.upsertHousingProject(ADMIN, w.input);
    case 'progress':
      return services.reports.reportProjectProgress(dept('construction'), w.input);
    case 'sorting':
      return services.reports.reportSortingRate(dept('sorting'), w.input);
    case 'housing':
      return services.reports.reportHousingDelivery(dept('housing'), w.input);
  }
}

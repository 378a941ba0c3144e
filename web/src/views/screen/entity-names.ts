/**
 * Names for the codes events carry, so the wall never shows `410104003:2026-12-02`,
 * `GC-REST` or a login id: streets (from the dashboard's rankings), projects
 * and housing projects (from their lists), departments by domain in words.
 */
import { tx } from '../../i18n.js';
import type { Dashboard, HousingProject, ReportDomain } from '../../types.js';

/** Who reports each domain: the department in words (only it may report there). */
export const DEPARTMENTS: Record<ReportDomain, [string, string]> = {
  CONSTRUCTION: ['区发改委', 'Development & Reform'],
  SORTING: ['区城管局', 'Urban Management'],
  HOUSING: ['区住建局', 'Housing & Construction'],
};

export class EntityNames {
  private readonly names = new Map<string, [string, string]>();

  /** Streets from any ranking of the dashboard. */
  addDashboard(d: Dashboard): void {
    for (const dash of [d.sorting, d.construction, d.housing]) {
      for (const r of dash?.ranking ?? []) this.names.set(r.street.code, [r.street.name, r.street.nameEn]);
    }
  }

  /** Projects or housing projects by code (a name has no English form: shown in both). */
  addProjects(projects: Pick<HousingProject, 'code' | 'name'>[]): void {
    for (const p of projects) this.names.set(p.code, [p.name, p.name]);
  }

  get size(): number {
    return this.names.size;
  }

  /** A code's name in both languages; the code itself while its name is not known yet. */
  name(code: string): DocumentFragment {
    const n = this.names.get(code);
    return n ? tx(n[0], n[1]) : tx(code, code);
  }
}

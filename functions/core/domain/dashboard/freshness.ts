/** Whether a domain's figures are current: data that has not updated for a while is marked stale (DOMAIN.md). */
import type { DomainDashboard, ReportDomain } from '../../../../schema/model.js';

/** How long without a report before a domain's figures are marked stale (reporting cycle plus slack). */
export const STALE_AFTER_MS: Record<ReportDomain, number> = {
  sorting: 2 * 86_400_000,
  construction: 40 * 86_400_000,
  housing: 14 * 86_400_000,
};

/** A domain's last projected event, from the read models' meta partition. */
export interface DomainMeta {
  lastUpdated: string;
  seq: number;
}

export function freshness(
  domain: ReportDomain,
  meta: DomainMeta | undefined,
  now: Date,
): Pick<DomainDashboard, 'seq' | 'lastUpdated' | 'stale'> {
  const lastUpdated = meta?.lastUpdated ?? null;
  const stale = !lastUpdated || now.getTime() - Date.parse(lastUpdated) > STALE_AFTER_MS[domain];
  return { seq: meta?.seq ?? 0, lastUpdated, stale };
}

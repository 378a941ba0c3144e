/**
 * The hub's closed vocabularies: domains, roles, project and housing states,
 * and the metrics a target can be set on. Each is a const list (for runtime
 * checks and the GraphQL enums) with the union type derived from it.
 */

/** Operational domains (the contract's `Domain`) plus the reference-data log. */
export const DOMAINS = ['construction', 'sorting', 'housing', 'reference'] as const;
export type DomainName = (typeof DOMAINS)[number];
/** The three domains departments report on. */
export const REPORT_DOMAINS = ['construction', 'sorting', 'housing'] as const;
export type ReportDomain = (typeof REPORT_DOMAINS)[number];

export const ROLES = ['screen', 'department', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PROJECT_CATEGORIES = ['industrial', 'infrastructure', 'public_service', 'urban_renewal'] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];
export const PROJECT_STATUSES = ['planned', 'started', 'completed', 'in_production'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const HOUSING_STATUSES = ['stalled', 'resumed', 'topped_out', 'delivering', 'delivered'] as const;
export type HousingStatus = (typeof HOUSING_STATUSES)[number];
export const HOUSING_KINDS = ['commercial', 'resettlement'] as const;
export type HousingKind = (typeof HOUSING_KINDS)[number];

export const TARGET_METRICS: Record<ReportDomain, readonly string[]> = {
  construction: ['investment', 'projects'],
  sorting: ['coverageRate', 'recoveryRate'],
  housing: ['deliveryRate', 'resumptionRate'],
};

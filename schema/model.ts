/**
 * The hub's model as the API sees it: domains, principals, events, report
 * inputs and read-model records. Plain types only, shared by the schema and the
 * server core (functions/), which implements the services declared in
 * services.ts.
 */

/** Operational domains (the contract's `Domain`) plus the reference-data log. */
export const DOMAINS = ['construction', 'sorting', 'housing', 'reference'] as const;
export type DomainName = (typeof DOMAINS)[number];
/** The three domains departments report on. */
export const REPORT_DOMAINS = ['construction', 'sorting', 'housing'] as const;
export type ReportDomain = (typeof REPORT_DOMAINS)[number];

export const ROLES = ['screen', 'department', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from verified token claims. Never holds the token itself. */
export interface Principal {
  sub: string;
  role: Role;
  /** Department's domain; only for role `department`. */
  dept?: ReportDomain;
  /** Display name if the token has one. */
  name?: string;
}

export interface Actor {
  sub: string;
  role: Role;
  dept?: ReportDomain;
}

/** A log item as stored and as returned by the API. */
export interface HubEventRecord {
  seq: number;
  domain: DomainName;
  type: string;
  entityId: string;
  at: string;
  actor: Actor;
  data: Record<string, unknown>;
  /** Previous value for the same entity key, when this event is a correction. */
  prev: Record<string, unknown> | null;
  idempotencyKey?: string;
  prevHash: string;
  hash: string;
}

export const PROJECT_CATEGORIES = ['industrial', 'infrastructure', 'public_service', 'urban_renewal'] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];
export const PROJECT_STATUSES = ['planned', 'started', 'completed', 'in_production'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const HOUSING_STATUSES = ['stalled', 'resumed', 'topped_out', 'delivering', 'delivered'] as const;
export type HousingStatus = (typeof HOUSING_STATUSES)[number];
export const HOUSING_KINDS = ['commercial', 'resettlement'] as const;
export type HousingKind = (typeof HOUSING_KINDS)[number];

export interface SortingReportInput {
  street: string;
  date: string;
  coverageRate: number;
  recoveryRate: number;
  /** Optional raw counts behind the rates. */
  compoundsTotal?: number | null;
  compoundsSorting?: number | null;
  householdsTotal?: number | null;
  householdsSorting?: number | null;
  idempotencyKey?: string | null;
}

export interface ProjectProgressInput {
  project: string;
  period: string;
  /** Investment completed in the period, 万元. */
  investment: number;
  /** Optional cumulative this year as the department counts it, 万元. */
  cumulativeInvestment?: number | null;
  status?: ProjectStatus | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

export interface HousingDeliveryInput {
  project: string;
  date: string;
  deliveredUnits: number;
  status?: HousingStatus | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

export interface StreetInput {
  code: string;
  name: string;
  nameEn: string;
  idempotencyKey?: string | null;
}

export interface ProjectInput {
  code: string;
  name: string;
  category: ProjectCategory;
  street: string;
  /** 万元 */
  totalInvestment: number;
  /** This year's planned investment, 万元. */
  plannedInvestment: number;
  year: number;
  status: ProjectStatus;
  responsibleUnit: string;
  /** Date the project must have started by; a planned project past it is a missed start. */
  plannedStart?: string | null;
  /** How many key projects this row stands for (1, or more for an aggregate row). */
  projectCount?: number | null;
  idempotencyKey?: string | null;
}

export interface HousingProjectInput {
  code: string;
  name: string;
  street: string;
  kind: HousingKind;
  totalUnits: number;
  status: HousingStatus;
  resumeDeadline?: string | null;
  deliveryDeadline: string;
  idempotencyKey?: string | null;
}

export const TARGET_METRICS: Record<ReportDomain, readonly string[]> = {
  construction: ['investment', 'projects'],
  sorting: ['coverageRate', 'recoveryRate'],
  housing: ['deliveryRate', 'resumptionRate'],
};

export interface TargetInput {
  domain: ReportDomain;
  year: number;
  metric: string;
  value: number;
  idempotencyKey?: string | null;
}

export interface Street {
  code: string;
  name: string;
  nameEn: string;
}

export interface Project {
  code: string;
  name: string;
  category: ProjectCategory;
  street: string;
  totalInvestment: number;
  plannedInvestment: number;
  year: number;
  status: ProjectStatus;
  responsibleUnit: string;
  plannedStart: string | null;
  projectCount: number;
  /** Cumulative investment reported this year, 万元. */
  investmentYtd: number;
  lastPeriod: string | null;
  updatedAt: string | null;
}

export interface HousingProject {
  code: string;
  name: string;
  street: string;
  kind: HousingKind;
  totalUnits: number;
  deliveredUnits: number;
  status: HousingStatus;
  resumeDeadline: string | null;
  deliveryDeadline: string;
  lastReportDate: string | null;
  updatedAt: string | null;
}

export interface Target {
  domain: ReportDomain;
  year: number;
  metric: string;
  value: number;
}

export interface SortingDay {
  street: string;
  date: string;
  coverageRate: number;
  recoveryRate: number;
  seq: number;
  updatedAt: string;
}

export interface SortingMonth {
  street: string;
  month: string;
  coverageRate: number;
  recoveryRate: number;
  days: number;
}

export interface ProjectPeriod {
  project: string;
  period: string;
  investment: number;
  note: string | null;
  seq: number;
  updatedAt: string;
}

export interface MonthlyInvestment {
  month: string;
  /** Investment completed in the month, 万元. */
  investment: number;
  /** Cumulative from January, 万元. */
  cumulative: number;
}

export interface HousingReport {
  project: string;
  date: string;
  deliveredUnits: number;
  status: HousingStatus | null;
  note: string | null;
  seq: number;
  updatedAt: string;
}

export type TrafficLight = 'green' | 'yellow' | 'red';

export interface Kpi {
  metric: string;
  labelZh: string;
  labelEn: string;
  unit: string;
  actual: number;
  target: number | null;
  /** actual ÷ target, percent. */
  completion: number | null;
  /** 序时进度: share of the period elapsed, percent. */
  timeProgress: number | null;
  light: TrafficLight;
}

export interface StreetRank {
  rank: number;
  street: Street;
  /** Null when the street has nothing to rank on (no projects, no reports). */
  value: number | null;
  light: TrafficLight;
}

export interface Alert {
  domain: ReportDomain;
  severity: 'warning' | 'critical';
  entityId: string;
  messageZh: string;
  messageEn: string;
}

export interface DomainDashboard {
  domain: ReportDomain;
  kpis: Kpi[];
  ranking: StreetRank[];
  alerts: Alert[];
  light: TrafficLight;
  /** Latest seq projected into this view. */
  seq: number;
  lastUpdated: string | null;
  /** True when nothing was reported for longer than the domain's reporting cycle. */
  stale: boolean;
}

export interface Dashboard {
  year: number;
  asOf: string;
  timeProgress: number;
  construction: DomainDashboard;
  sorting: DomainDashboard;
  housing: DomainDashboard;
}

export interface EventFilter {
  domain: DomainName;
  after?: number | null;
  first?: number | null;
  entityId?: string | null;
  actor?: string | null;
  type?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface EventPage {
  events: HubEventRecord[];
  hasNextPage: boolean;
  /** Last seq examined; pass it as `after` to continue. */
  endSeq: number | null;
}

export interface LogVerification {
  domain: DomainName;
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  reason: string | null;
  headSeq: number;
  headHash: string | null;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

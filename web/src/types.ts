/** The shapes of schema.graphql the client reads (enums as the server sends them). */
export type Domain = 'CONSTRUCTION' | 'SORTING' | 'HOUSING' | 'REFERENCE';
export type ReportDomain = Exclude<Domain, 'REFERENCE'>;
/** NONE: nothing to judge (no data, or no target): grey 无数据, never green. */
export type Light = 'GREEN' | 'YELLOW' | 'RED' | 'NONE';
export type Role = 'SCREEN' | 'DEPARTMENT' | 'AUDITOR' | 'ADMIN';

export interface Principal {
  sub: string;
  role: Role;
  dept: string | null;
  name?: string | null;
}

export interface Street {
  code: string;
  name: string;
  nameEn: string;
}

export interface Kpi {
  metric: string;
  labelZh: string;
  labelEn: string;
  unit: string;
  actual: number;
  target: number | null;
  completion: number | null;
  timeProgress: number | null;
  /** False while nothing was reported: the tile shows "—", not 0. */
  hasData: boolean;
  light: Light;
}

export interface StreetRank {
  rank: number;
  value: number | null;
  light: Light;
  street: Street;
}

export interface Alert {
  domain: Domain;
  severity: 'CRITICAL' | 'WARNING';
  entityId: string;
  messageZh: string;
  messageEn: string;
}

export interface DomainDashboard {
  domain: ReportDomain;
  light: Light;
  /** Which tile sets the domain's light, in words. */
  lightReason: { metric: string | null; zh: string; en: string };
  seq: number;
  lastUpdated: string | null;
  stale: boolean;
  rankingBy: string;
  kpis: Kpi[];
  ranking: StreetRank[];
  alerts: Alert[];
}

export interface Dashboard {
  year: number;
  asOf: string;
  timeProgress: number;
  construction: DomainDashboard | null;
  sorting: DomainDashboard | null;
  housing: DomainDashboard | null;
}

export interface MonthlyInvestment {
  month: string;
  investment: number;
  cumulative: number;
}

export interface HousingProject {
  code: string;
  name: string;
  kind: 'COMMERCIAL' | 'RESETTLEMENT';
  status: HousingStatus;
  totalUnits: number;
  deliveredUnits: number;
  lastReportDate?: string | null;
  resumeDeadline: string | null;
  deliveryDeadline: string;
  street: Street | null;
  streetCode: string;
}

export type HousingStatus = 'STALLED' | 'RESUMED' | 'TOPPED_OUT' | 'DELIVERING' | 'DELIVERED';
export type ProjectStatus = 'PLANNED' | 'STARTED' | 'COMPLETED' | 'IN_PRODUCTION';

export interface Project {
  code: string;
  name: string;
  year: number;
  streetCode: string;
  plannedInvestment: number;
  investmentYtd: number;
  lastPeriod?: string | null;
  status: ProjectStatus;
}

/** What a live subscription delivers (the contract's HubEvent fields). */
export interface LiveEvent {
  seq: number;
  domain: Domain;
  type: string;
  entityId: string;
  at: string;
  actor: string;
  cursor: string;
  /** Which life of the logs the seq counts in: a new epoch means a recreated store, not a duplicate. */
  epoch?: string;
  data: Record<string, unknown>;
}

/** A live event on a screen: it carries the reads the screen shows, as they stand after it. */
export interface ScreenEvent extends LiveEvent {
  dashboard?: Dashboard;
  investmentMonthly?: MonthlyInvestment[] | null;
  housingProjects?: HousingProject[] | null;
}

/** A log entry as the audit view and the report results read it. */
export interface HubEvent extends LiveEvent {
  prev: Record<string, unknown> | null;
  isCorrection: boolean;
  actorInfo?: { sub: string; role: Role; dept: string | null };
  hash?: string;
}

export interface LogVerification {
  domain: Domain;
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  headSeq: number;
  reason: string | null;
}

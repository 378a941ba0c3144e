/** The dashboard: KPIs against targets, street rankings and alerts per domain, each with a traffic light. */
import type { Street } from './read-models.js';
import type { ReportDomain } from './vocabulary.js';

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

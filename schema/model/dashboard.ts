/** The dashboard: KPIs against targets, street rankings and alerts per domain, each with a traffic light. */
import type { Street } from './read-models.js';
import type { ReportDomain } from './vocabulary.js';

/** `none`: nothing to judge (no data yet, or a figure without a target); screens show it grey, 无数据. */
export type TrafficLight = 'green' | 'yellow' | 'red' | 'none';

/** Why a domain's light is what it is: the tile that sets it, in words (README, "One colour rule"). */
export interface LightReason {
  /** The KPI tile whose light the domain takes; null when every tile is green or none has data. */
  metric: string | null;
  zh: string;
  en: string;
}

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
  /** False while nothing was reported for this figure: screens show "—" and 无数据, not 0. */
  hasData: boolean;
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
  /** The worst light of the domain's KPI tiles (never a rule no tile shows). */
  light: TrafficLight;
  lightReason: LightReason;
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

/** Read-model records: the current state projected from the log, per entity and per period. */
import type { HousingKind, HousingStatus, ProjectCategory, ProjectStatus, ReportDomain } from './vocabulary.js';

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

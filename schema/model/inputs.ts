/** What departments report and operators enter: the mutation inputs, as validated before an append. */
import type { HousingKind, HousingStatus, ProjectCategory, ProjectStatus, ReportDomain } from './vocabulary.js';

/** Rows one call of report*Rows may carry: enough to amortise a request, few enough for the Http timeout. */
export const MAX_REPORT_ROWS = 50;

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
  /** Why a figure the sanity checks question is right (falling count, large jump); makes the event a correction. */
  correctionReason?: string | null;
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

export interface TargetInput {
  domain: ReportDomain;
  year: number;
  metric: string;
  value: number;
  idempotencyKey?: string | null;
}

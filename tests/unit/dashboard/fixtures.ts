/** Fixed inputs for the dashboard rules' unit tests. */
import { DEFAULT_TARGETS, type DomainInputs } from '../../../functions/core/domain/dashboard/inputs.js';
import type { HousingProject, Kpi, Project, SortingMonth, Street } from '../../../schema/model.js';

export const STREETS: Street[] = [
  { code: '410104001', name: '北下街街道', nameEn: 'Beixiajie' },
  { code: '410104002', name: '西大街街道', nameEn: 'Xidajie' },
  { code: '410104003', name: '南关街街道', nameEn: 'Nanguanjie' },
];

/** Inputs with a round time progress (50%) and targets from `targets`, else the defaults. */
export function inputs(over: Partial<DomainInputs> = {}, targets: Record<string, number> = {}): DomainInputs {
  return {
    year: 2023,
    asOf: '2023-07-02',
    timeProgress: 50,
    streets: STREETS,
    target: (domain, metric) => targets[`${domain}#${metric}`] ?? DEFAULT_TARGETS[`${domain}#${metric}`],
    ...over,
  };
}

export function project(over: Partial<Project> = {}): Project {
  return {
    code: 'P-1',
    name: '项目1',
    category: 'industrial',
    street: '410104001',
    totalInvestment: 100_000,
    plannedInvestment: 1_000,
    year: 2023,
    status: 'started',
    responsibleUnit: '区发改委',
    plannedStart: null,
    projectCount: 1,
    investmentYtd: 500,
    lastPeriod: '2023-06',
    updatedAt: null,
    ...over,
  };
}

export function sortingMonth(street: string, coverageRate: number, recoveryRate: number, days = 30): SortingMonth {
  return { street, month: '2023-07', coverageRate, recoveryRate, days };
}

export function housingProject(over: Partial<HousingProject> = {}): HousingProject {
  return {
    code: 'H-1',
    name: '楼盘1',
    street: '410104001',
    kind: 'commercial',
    totalUnits: 1_000,
    deliveredUnits: 0,
    status: 'resumed',
    resumeDeadline: null,
    deliveryDeadline: '2023-12-31',
    lastReportDate: null,
    updatedAt: null,
    ...over,
  };
}

export const kpiOf = (figures: { kpis: Kpi[] }, metric: string) => figures.kpis.find((k) => k.metric === metric);

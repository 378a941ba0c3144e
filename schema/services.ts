/**
 * What resolvers may call. The server core implements these against
 * DynamoDB (functions/core/domain/); resolvers never touch the store.
 * Every method that writes takes the calling principal so it can be logged as
 * the actor and scope idempotency keys.
 */
import type {
  Dashboard,
  DomainName,
  EventFilter,
  EventPage,
  HousingDeliveryInput,
  HousingProject,
  HousingProjectInput,
  HousingReport,
  HubEventRecord,
  LogVerification,
  MonthlyInvestment,
  Page,
  Principal,
  Project,
  ProjectInput,
  ProjectPeriod,
  ProjectProgressInput,
  ReportDomain,
  SortingDay,
  SortingMonth,
  SortingReportInput,
  Street,
  StreetInput,
  Target,
  TargetInput,
  VerifyLogOptions,
} from './model.js';

export interface ReportService {
  reportSortingRate(principal: Principal, input: SortingReportInput): Promise<HubEventRecord>;
  reportProjectProgress(principal: Principal, input: ProjectProgressInput): Promise<HubEventRecord>;
  reportHousingDelivery(principal: Principal, input: HousingDeliveryInput): Promise<HubEventRecord>;
}

/**
 * Many reports in one call, each row its own report (own idempotency key, own
 * event or error, in order); an Error at a row's index is that row's answer.
 */
export interface ReportRowsService {
  reportSortingRateRows(principal: Principal, inputs: SortingReportInput[]): Promise<(HubEventRecord | Error)[]>;
  reportProjectProgressRows(principal: Principal, inputs: ProjectProgressInput[]): Promise<(HubEventRecord | Error)[]>;
  reportHousingDeliveryRows(principal: Principal, inputs: HousingDeliveryInput[]): Promise<(HubEventRecord | Error)[]>;
}

export interface ReferenceService {
  upsertStreet(principal: Principal, input: StreetInput): Promise<HubEventRecord>;
  upsertProject(principal: Principal, input: ProjectInput): Promise<HubEventRecord>;
  upsertHousingProject(principal: Principal, input: HousingProjectInput): Promise<HubEventRecord>;
  setTarget(principal: Principal, input: TargetInput): Promise<HubEventRecord>;
  streets(): Promise<Street[]>;
  street(code: string): Promise<Street | null>;
  projects(filter: { street?: string | null; year?: number | null }): Promise<Project[]>;
  project(code: string): Promise<Project | null>;
  housingProjects(filter: { street?: string | null }): Promise<HousingProject[]>;
  housingProject(code: string): Promise<HousingProject | null>;
  targets(filter: { domain?: ReportDomain | null; year?: number | null }): Promise<Target[]>;
}

export interface ReadService {
  dashboard(options: { year?: number | null; asOf?: string | null }): Promise<Dashboard>;
  sortingRates(filter: { date?: string | null; street?: string | null }): Promise<SortingDay[]>;
  sortingHistory(args: {
    street: string;
    from?: string | null;
    to?: string | null;
    first: number;
    after?: string | null;
  }): Promise<Page<SortingDay>>;
  sortingMonthly(args: {
    month?: string | null;
    street?: string | null;
    year?: number | null;
  }): Promise<SortingMonth[]>;
  projectHistory(args: { project: string; first: number; after?: string | null }): Promise<Page<ProjectPeriod>>;
  /** Every project's report for one month (those that have one), by project code. */
  projectProgress(args: { period: string }): Promise<ProjectPeriod[]>;
  investmentMonthly(args: { year: number }): Promise<MonthlyInvestment[]>;
  housingHistory(args: { project: string; first: number; after?: string | null }): Promise<Page<HousingReport>>;
  /**
   * The epoch of the logs: which life of the store their seqs belong to (read once per instance, then
   * cached; functions/core/log/log-epoch.ts). Every event and every cursor carries it.
   */
  logEpoch(): Promise<string>;
  /** The newest events of some domains, newest first, and the cursor of the logs' heads (with their epoch). */
  recentEvents(args: {
    domains: DomainName[];
    last: number;
  }): Promise<{ events: HubEventRecord[]; cursor: string; epoch: string }>;
}

export interface AuditService {
  events(filter: EventFilter): Promise<EventPage>;
  event(domain: DomainName, seq: number): Promise<HubEventRecord | null>;
  verifyLog(domain: DomainName, options?: VerifyLogOptions): Promise<LogVerification>;
}

export interface HubServices {
  reports: ReportService & ReportRowsService;
  reference: ReferenceService;
  read: ReadService;
  audit: AuditService;
}

/** The GraphQL documents the client sends (all against schema.graphql). */
export const ME = 'query Me { me { sub role dept name } }';

const DOMAIN_FIELDS = `domain light lightReason { metric zh en } seq lastUpdated stale rankingBy
  kpis { metric labelZh labelEn unit actual target completion timeProgress hasData light }
  ranking { rank value light street { code name nameEn } }
  alerts { domain severity entityId messageZh messageEn }`;

export const DASHBOARD = `query Dashboard {
  dashboard { year asOf timeProgress
    construction { ${DOMAIN_FIELDS} }
    sorting { ${DOMAIN_FIELDS} }
    housing { ${DOMAIN_FIELDS} }
  }
}`;

export const INVESTMENT_MONTHLY = `query InvestmentMonthly($year: Int!) {
  investmentMonthly(year: $year) { month investment cumulative }
}`;

export const HOUSING_PROJECTS = `query HousingProjects {
  housingProjects { code name kind status totalUnits deliveredUnits lastReportDate resumeDeadline deliveryDeadline streetCode street { code name nameEn } }
}`;

export const STREETS = 'query Streets { streets { code name nameEn } }';

export const PROJECTS = `query Projects($year: Int) {
  projects(year: $year) { code name year streetCode plannedInvestment investmentYtd lastPeriod status }
}`;

/** Each project's own figure for one month (those that reported it). */
export const PROJECT_PROGRESS = `query ProjectProgress($period: String!) {
  projectProgress(period: $period) { project period investment note }
}`;

export const LIVE_EVENT_FIELDS = 'seq domain type entityId at actor cursor epoch data';

export const HUB_EVENTS = `subscription HubEvents($after: String, $domains: [Domain!]) {
  hubEvents(after: $after, domains: $domains) { ${LIVE_EVENT_FIELDS} }
}`;

const INVESTMENT_FIELDS = 'month investment cumulative';
const HOUSING_FIELDS =
  'code name kind status totalUnits deliveredUnits resumeDeadline deliveryDeadline streetCode street { code name nameEn }';

/**
 * The screen's subscription: every event carries the refreshed dashboard (and
 * the investment line and housing table where the reader may see them), so a
 * screen needs no HTTP request per event. Only readable domains are selected
 * (no FORBIDDEN error in every push). Screens with the same readable domains
 * and year send the same document and variables, so the server computes these
 * reads once per event for all of them.
 */
export function screenEvents(readable: { construction: boolean; sorting: boolean; housing: boolean }): string {
  const vars = ['$after: String', '$domains: [Domain!]', ...(readable.construction ? ['$year: Int!'] : [])];
  const domain = (d: keyof typeof readable) => (readable[d] ? `\n      ${d} { ${DOMAIN_FIELDS} }` : '');
  const investment = readable.construction ? `\n    investmentMonthly(year: $year) { ${INVESTMENT_FIELDS} }` : '';
  const housing = readable.housing ? `\n    housingProjects { ${HOUSING_FIELDS} }` : '';
  return `subscription ScreenEvents(${vars.join(', ')}) {
  hubEvents(after: $after, domains: $domains) { ${LIVE_EVENT_FIELDS}
    dashboard { year asOf timeProgress${domain('construction')}${domain('sorting')}${domain('housing')}
    }${investment}${housing}
  }
}`;
}

/** The newest events for the ticker, and the cursor to subscribe from so nothing falls in between. */
export const RECENT_EVENTS = `query RecentEvents($domains: [Domain!]) {
  recentEvents(domains: $domains, last: 20) { cursor epoch events { ${LIVE_EVENT_FIELDS} } }
}`;

export const RESULT = `event { ${LIVE_EVENT_FIELDS} prev isCorrection }`;

/** Many reports of one domain in one request, each row its own report (own event, own idempotency key). */
export function reportRows(rowsField: string, inputType: string): string {
  return `mutation Rows($inputs: [${inputType}!]!) {\n  ${rowsField}(inputs: $inputs) { ${RESULT} }\n}`;
}

export const REPORT_SORTING = `mutation ReportSortingRate($input: SortingReportInput!) {
  reportSortingRate(input: $input) { ${RESULT} }
}`;

export const REPORT_PROJECT = `mutation ReportProjectProgress($input: ProjectProgressInput!) {
  reportProjectProgress(input: $input) { ${RESULT} }
}`;

export const REPORT_HOUSING = `mutation ReportHousingDelivery($input: HousingDeliveryInput!) {
  reportHousingDelivery(input: $input) { ${RESULT} }
}`;

export const EVENTS = `query Events($domain: Domain!, $before: Int, $newestFirst: Boolean, $first: Int, $entityId: ID, $actor: String, $type: String, $from: DateTime, $to: DateTime) {
  events(domain: $domain, before: $before, newestFirst: $newestFirst, first: $first, entityId: $entityId, actor: $actor, type: $type, from: $from, to: $to) {
    endSeq
    pageInfo { hasNextPage }
    nodes { ${LIVE_EVENT_FIELDS} prev isCorrection actorInfo { sub role dept } hash }
  }
}`;

/** The same filters, with the hash chain, for the CSV export. */
export const EXPORT_EVENTS = `query ExportEvents($domain: Domain!, $after: Int, $first: Int, $entityId: ID, $actor: String, $type: String, $from: DateTime, $to: DateTime) {
  events(domain: $domain, after: $after, first: $first, entityId: $entityId, actor: $actor, type: $type, from: $from, to: $to) {
    endSeq
    pageInfo { hasNextPage }
    nodes { ${LIVE_EVENT_FIELDS} prev isCorrection actorInfo { sub role dept } hash prevHash }
  }
}`;

export const VERIFY_LOG = `query VerifyLog($domain: Domain!) {
  verifyLog(domain: $domain) { domain ok checked firstBadSeq headSeq reason }
}`;

/**
 * Acceptance 5: every role × every query and mutation is allowed, FORBIDDEN
 * or UNAUTHENTICATED exactly as ARCHITECTURE.md's role table says. The test
 * fails when a field is added to the schema without a row here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtDay } from '../../functions/core/domain/district-day.js';
import { schema } from '../../schema/index.js';
import type { ReportDomain, Role } from '../../schema/model.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

type Who = 'screen' | 'auditor' | 'admin' | 'dept:construction' | 'dept:sorting' | 'dept:housing';
const EVERYONE: Who[] = ['screen', 'auditor', 'admin', 'dept:construction', 'dept:sorting', 'dept:housing'];
const readers = (d: ReportDomain): Who[] => ['screen', 'auditor', 'admin', `dept:${d}`];

const day = districtDay(new Date());
const month = day.slice(0, 7);
const year = Number(day.slice(0, 4));

/** Field → an operation using it, and who may run it. */
const MATRIX: Record<string, { op: string; allowed: Who[] }> = {
  'Query.me': { op: '{ me { sub role } }', allowed: EVERYONE },
  'Query.streets': { op: '{ streets { code } }', allowed: EVERYONE },
  'Query.street': { op: '{ street(code: "410104001") { name } }', allowed: EVERYONE },
  'Query.targets': { op: '{ targets { metric } }', allowed: EVERYONE },
  'Query.recentEvents': { op: '{ recentEvents { cursor events { seq } } }', allowed: EVERYONE },
  'Query.dashboard': { op: '{ dashboard { year timeProgress } }', allowed: EVERYONE },
  'Query.projects': { op: '{ projects { code } }', allowed: readers('construction') },
  'Query.project': { op: '{ project(code: "P-1") { code } }', allowed: readers('construction') },
  'Query.projectHistory': {
    op: '{ projectHistory(project: "P-1") { nodes { period } } }',
    allowed: readers('construction'),
  },
  'Query.projectProgress': {
    op: `{ projectProgress(period: "${month}") { project } }`,
    allowed: readers('construction'),
  },
  'Query.investmentMonthly': { op: `{ investmentMonthly(year: ${year}) { month } }`, allowed: readers('construction') },
  'Query.housingProjects': { op: '{ housingProjects { code } }', allowed: readers('housing') },
  'Query.housingProject': { op: '{ housingProject(code: "H-1") { code } }', allowed: readers('housing') },
  'Query.housingHistory': { op: '{ housingHistory(project: "H-1") { nodes { date } } }', allowed: readers('housing') },
  'Query.sortingRates': { op: '{ sortingRates { street } }', allowed: readers('sorting') },
  'Query.sortingHistory': {
    op: '{ sortingHistory(street: "410104001") { nodes { date } } }',
    allowed: readers('sorting'),
  },
  'Query.sortingMonthly': { op: `{ sortingMonthly(month: "${month}") { street } }`, allowed: readers('sorting') },
  'Query.events': { op: '{ events(domain: SORTING) { nodes { seq } } }', allowed: ['auditor'] },
  'Query.event': { op: '{ event(domain: SORTING, seq: 1) { seq } }', allowed: ['auditor'] },
  'Query.verifyLog': { op: '{ verifyLog(domain: SORTING) { ok } }', allowed: ['auditor'] },
  'Mutation.reportSortingRate': {
    op: `mutation { reportSortingRate(input: { street: "410104002", date: "${day}", coverageRate: 98, recoveryRate: 38 }) { event { seq } } }`,
    allowed: ['dept:sorting'],
  },
  'Mutation.reportProjectProgress': {
    op: `mutation { reportProjectProgress(input: { project: "P-1", period: "${month}", investment: 100 }) { event { seq } } }`,
    allowed: ['dept:construction'],
  },
  'Mutation.reportHousingDelivery': {
    op: `mutation { reportHousingDelivery(input: { project: "H-1", date: "${day}", deliveredUnits: 10 }) { event { seq } } }`,
    allowed: ['dept:housing'],
  },
  'Mutation.reportSortingRateRows': {
    op: `mutation { reportSortingRateRows(inputs: [{ street: "410104003", date: "${day}", coverageRate: 98, recoveryRate: 38 }]) { event { seq } } }`,
    allowed: ['dept:sorting'],
  },
  'Mutation.reportProjectProgressRows': {
    op: `mutation { reportProjectProgressRows(inputs: [{ project: "P-1", period: "${month}", investment: 120 }]) { event { seq } } }`,
    allowed: ['dept:construction'],
  },
  'Mutation.reportHousingDeliveryRows': {
    op: `mutation { reportHousingDeliveryRows(inputs: [{ project: "H-1", date: "${day}", deliveredUnits: 11 }]) { event { seq } } }`,
    allowed: ['dept:housing'],
  },
  'Mutation.upsertStreet': {
    op: 'mutation { upsertStreet(input: { code: "410104001", name: "北下街街道", nameEn: "Beixiajie" }) { event { seq } } }',
    allowed: ['admin'],
  },
  'Mutation.upsertProject': {
    op: `mutation { upsertProject(input: { code: "P-9", name: "新项目", category: INDUSTRIAL, street: "410104001", totalInvestment: 1000, plannedInvestment: 500, year: ${year}, status: PLANNED, responsibleUnit: "区发改委" }) { event { seq } } }`,
    allowed: ['admin'],
  },
  'Mutation.upsertHousingProject': {
    op: `mutation { upsertHousingProject(input: { code: "H-9", name: "新楼盘", street: "410104001", kind: COMMERCIAL, totalUnits: 100, status: RESUMED, deliveryDeadline: "${year}-12-31" }) { event { seq } } }`,
    allowed: ['admin'],
  },
  'Mutation.setTarget': {
    op: `mutation { setTarget(input: { domain: SORTING, year: ${year}, metric: "recoveryRate", value: 38 }) { event { seq } } }`,
    allowed: ['admin'],
  },
};

describe('authorization matrix', () => {
  let hub: TestHub;
  const tokens = new Map<Who, string>();
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    for (const who of EVERYONE) {
      const [role, d] = who.split(':') as [string, ReportDomain | undefined];
      tokens.set(who, await hub.token((d ? 'department' : role) as Role, d));
    }
  });
  afterAll(() => hub.close());

  it('covers every query and mutation of the schema', () => {
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ].sort();
    expect(Object.keys(MATRIX).sort()).toEqual(fields);
  });

  for (const [field, { op, allowed }] of Object.entries(MATRIX)) {
    it(`${field}: ${allowed.join(', ')} allowed; others FORBIDDEN; no token UNAUTHENTICATED`, async () => {
      // API Gateway's JWT authorizer answers first; the Http function, reached without it, says UNAUTHENTICATED.
      const anonymous = await hub.gql(op, {}, null);
      expect(anonymous).toEqual({ status: 401, body: { message: 'Unauthorized' } });
      const behindGateway = await hub.lambdaGql(op, {}, null);
      expect(behindGateway.status).toBe(401);
      expect(behindGateway.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      for (const who of EVERYONE) {
        const res = await hub.gql(op, {}, tokens.get(who));
        const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
        if (allowed.includes(who)) {
          expect(codes, `${who} should be allowed ${field}: ${JSON.stringify(res.body.errors)}`).not.toContain(
            'FORBIDDEN',
          );
          expect(codes).not.toContain('UNAUTHENTICATED');
          expect(res.body.data, `${who} ${field}`).toBeTruthy();
        } else {
          expect(codes, `${who} must be refused ${field}`).toEqual(['FORBIDDEN']);
        }
      }
    });
  }

  it("a department's dashboard shows its own domain and refuses the others", async () => {
    const res = await hub.gql(
      '{ dashboard { sorting { light } construction { light } housing { light } } }',
      {},
      tokens.get('dept:sorting'),
    );
    const d = (res.body.data as { dashboard: Record<string, unknown> }).dashboard;
    expect(d.sorting).toBeTruthy();
    expect(d.construction).toBeNull();
    expect(d.housing).toBeNull();
    expect((res.body.errors ?? []).map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it("an invalid or expired token is 401: the gateway's body, and UNAUTHENTICATED from the function itself", async () => {
    const bad = await hub.gql('{ me { sub } }', {}, `${tokens.get('screen')}x`);
    expect(bad).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    const behindGateway = await hub.lambdaGql('{ me { sub } }', {}, `${tokens.get('screen')}x`);
    expect(behindGateway.status).toBe(401);
    expect(behindGateway.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

/**
 * Acceptance 7: schema.graphql is what `npm run schema:print` prints. A
 * change to the API shows up as a diff to commit; an accidental one fails
 * here. The contract's names are checked too: they may be extended, never
 * renamed.
 */
import { readFileSync } from 'node:fs';
import { type GraphQLEnumType, type GraphQLInputObjectType, type GraphQLObjectType, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sortedSchema } from '../../schema/index.js';

describe('schema.graphql', () => {
  it('matches the printed schema (run npm run schema:print after an intended change)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(sortedSchema)}\n`);
  });

  it('keeps the contract of ARCHITECTURE.md', () => {
    const field = (type: string, name: string) => {
      const t = sortedSchema.getType(type) as GraphQLObjectType | GraphQLInputObjectType;
      const f = t.getFields()[name] as { type: unknown; args?: readonly { name: string; type: unknown }[] };
      expect(f, `${type}.${name}`).toBeTruthy();
      return { type: String(f.type), args: Object.fromEntries((f.args ?? []).map((a) => [a.name, String(a.type)])) };
    };
    const hubEvent = {
      seq: 'Int!',
      domain: 'Domain!',
      type: 'String!',
      entityId: 'ID!',
      at: 'DateTime!',
      actor: 'String!',
      cursor: 'String!',
      data: 'JSON!',
    };
    for (const [name, type] of Object.entries(hubEvent)) expect(field('HubEvent', name).type).toBe(type);
    const domains = (sortedSchema.getType('Domain') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(domains).toEqual(expect.arrayContaining(['CONSTRUCTION', 'SORTING', 'HOUSING']));
    for (const m of ['reportSortingRate', 'reportProjectProgress', 'reportHousingDelivery']) {
      expect(field('Mutation', m).type).toBe('ReportResult!');
    }
    expect(field('Mutation', 'reportSortingRate').args).toEqual({ input: 'SortingReportInput!' });
    expect(field('ReportResult', 'event').type).toBe('HubEvent!');
    const input = {
      street: 'ID!',
      date: 'Date!',
      coverageRate: 'Float!',
      recoveryRate: 'Float!',
      idempotencyKey: 'String',
    };
    for (const [name, type] of Object.entries(input)) expect(field('SortingReportInput', name).type).toBe(type);
    expect(field('Subscription', 'hubEvents')).toMatchObject({
      type: 'HubEvent!',
      args: { domains: '[Domain!]', after: 'String' },
    });
    expect(field('Query', 'events')).toMatchObject({
      type: 'EventConnection!',
      args: { domain: 'Domain!', after: 'Int', first: 'Int' },
    });
    expect(field('Query', 'verifyLog')).toMatchObject({ type: 'LogVerification!', args: { domain: 'Domain!' } });
    expect(field('LogVerification', 'ok').type).toBe('Boolean!');
    expect(field('LogVerification', 'checked').type).toBe('Int!');
    expect(field('LogVerification', 'firstBadSeq').type).toBe('Int');
    expect(field('Query', 'dashboard').type).toBe('Dashboard!');
  });
});

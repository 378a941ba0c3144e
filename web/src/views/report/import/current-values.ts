/**
 * What the hub holds for the entities and keys a file covers, per
 * `${code}:${key}`: a street's days (sortingHistory over the file's date
 * range), each project's months (projectProgress per month of the file), a
 * housing project's days (housingHistory over the range).
 */
import type { GqlClient } from '../../../gql.js';
import { PROJECT_PROGRESS } from '../../../queries.js';
import type { CurrentValues } from './import-rows.js';

interface HistoryPage<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const SORTING_HISTORY = `query ImportCurrent($code: ID!, $from: Date, $to: Date, $after: String) {
  history: sortingHistory(street: $code, from: $from, to: $to, first: 500, after: $after) {
    nodes { date coverageRate recoveryRate } pageInfo { hasNextPage endCursor } } }`;

const HOUSING_HISTORY = `query ImportCurrentHousing($code: ID!, $after: String) {
  history: housingHistory(project: $code, first: 500, after: $after) {
    nodes { date deliveredUnits } pageInfo { hasNextPage endCursor } } }`;

/** Every page of one entity's history, each node stored under `${code}:${node.date}`. */
async function history<N extends { date: string } & Record<string, number | string>>(
  gql: GqlClient,
  query: string,
  codes: string[],
  vars: Record<string, unknown>,
  keep: (date: string) => boolean,
): Promise<CurrentValues> {
  const out: CurrentValues = new Map();
  await Promise.all(
    codes.map(async (code) => {
      let after: string | null = null;
      for (;;) {
        const { history: page }: { history: HistoryPage<N> } = await gql.request(query, { ...vars, code, after });
        for (const { date, ...values } of page.nodes) if (keep(date)) out.set(`${code}:${date}`, values);
        if (!page.pageInfo.hasNextPage) return;
        after = page.pageInfo.endCursor;
      }
    }),
  );
  return out;
}

export function sortingCurrent(gql: GqlClient, streets: string[], from: string, to: string): Promise<CurrentValues> {
  return history(gql, SORTING_HISTORY, streets, { from, to }, () => true);
}

export function housingCurrent(gql: GqlClient, projects: string[], from: string, to: string): Promise<CurrentValues> {
  return history(gql, HOUSING_HISTORY, projects, {}, (d) => d >= from && d <= to);
}

export async function projectCurrent(gql: GqlClient, months: string[]): Promise<CurrentValues> {
  const out: CurrentValues = new Map();
  const answers = await Promise.all(
    months.map((period) =>
      gql.request<{ projectProgress: { project: string; period: string; investment: number }[] }>(PROJECT_PROGRESS, {
        period,
      }),
    ),
  );
  for (const { projectProgress } of answers)
    for (const r of projectProgress) out.set(`${r.project}:${r.period}`, { investment: r.investment });
  return out;
}

/** What the hub holds for the streets and days a file covers: each street's history over the file's date range. */
import type { GqlClient } from '../../../gql.js';
import type { CurrentRates } from './sorting-import.js';

const HISTORY = `query ImportCurrent($street: ID!, $from: Date, $to: Date, $after: String) {
  sortingHistory(street: $street, from: $from, to: $to, first: 500, after: $after) {
    nodes { date coverageRate recoveryRate } pageInfo { hasNextPage endCursor } } }`;

interface HistoryPage {
  sortingHistory: {
    nodes: { date: string; coverageRate: number; recoveryRate: number }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

export async function currentRates(gql: GqlClient, streets: string[], from: string, to: string): Promise<CurrentRates> {
  const out: CurrentRates = new Map();
  await Promise.all(
    streets.map(async (street) => {
      let after: string | null = null;
      for (;;) {
        const page: HistoryPage = await gql.request<HistoryPage>(HISTORY, { street, from, to, after });
        for (const n of page.sortingHistory.nodes)
          out.set(`${street}:${n.date}`, { coverageRate: n.coverageRate, recoveryRate: n.recoveryRate });
        if (!page.sortingHistory.pageInfo.hasNextPage) return;
        after = page.sortingHistory.pageInfo.endCursor;
      }
    }),
  );
  return out;
}

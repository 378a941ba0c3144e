/**
 * Sends report rows, each as its own mutation with its own idempotency key,
 * a few mutations per request (aliases) and a few requests at a time: the
 * API's throttle counts requests, so a 4,380-row import stays well inside
 * it. When anything in a request fails, its rows are sent again one by one
 * with the same keys: what was appended is answered from the log, nothing
 * twice, and every row gets its own outcome.
 */
import { type GqlClient, GqlError, NetworkError } from '../../../gql.js';
import { batchedReports } from '../../../queries.js';
import type { HubEvent } from '../../../types.js';

export interface RowToSend {
  input: Record<string, unknown>;
  idempotencyKey: string;
}

export type RowOutcome =
  | { ok: true; event: HubEvent }
  | { ok: false; code: string; message: string; field?: string; retryable: boolean };

export interface ReportTarget {
  /** Mutation field, e.g. reportSortingRate. */
  field: string;
  /** Its input type, e.g. SortingReportInput. */
  inputType: string;
}

/** Mutations per request: kept under the alias limits a hardened API sets. */
export const ROWS_PER_REQUEST = 10;
/** Requests in flight. */
export const SEND_CONCURRENCY = 3;

function failure(err: unknown): RowOutcome {
  if (err instanceof GqlError) {
    return {
      ok: false,
      code: err.code,
      message: err.message,
      field: err.errors[0]?.extensions?.field?.replace(/^input\./, ''),
      retryable: err.code === 'BUSY',
    };
  }
  const message = err instanceof NetworkError ? err.message : String(err);
  return { ok: false, code: 'NETWORK', message, retryable: true };
}

export async function sendRows(
  gql: GqlClient,
  target: ReportTarget,
  rows: RowToSend[],
  onOutcome: (index: number, outcome: RowOutcome) => void,
  opts: { perRequest?: number; concurrency?: number } = {},
): Promise<void> {
  const perRequest = opts.perRequest ?? ROWS_PER_REQUEST;
  const chunks: number[][] = [];
  for (let i = 0; i < rows.length; i += perRequest)
    chunks.push(Array.from({ length: Math.min(perRequest, rows.length - i) }, (_, k) => i + k));
  const variables = (ix: number[]) =>
    Object.fromEntries(ix.map((r, k) => [`i${k}`, { ...rows[r].input, idempotencyKey: rows[r].idempotencyKey }]));

  async function one(r: number) {
    try {
      const data = await gql.request<Record<string, { event: HubEvent }>>(
        batchedReports(target.field, target.inputType, 1),
        variables([r]),
      );
      onOutcome(r, { ok: true, event: data.r0.event });
    } catch (err) {
      onOutcome(r, failure(err));
    }
  }

  let next = 0;
  async function worker() {
    while (next < chunks.length) {
      const ix = chunks[next++];
      try {
        const data = await gql.request<Record<string, { event: HubEvent }>>(
          batchedReports(target.field, target.inputType, ix.length),
          variables(ix),
        );
        for (const [k, r] of ix.entries()) onOutcome(r, { ok: true, event: data[`r${k}`].event });
      } catch {
        for (const r of ix) await one(r);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? SEND_CONCURRENCY, chunks.length) }, worker));
}

/**
 * Sends report rows through the report*Rows mutations: up to MAX_REPORT_ROWS
 * rows per request, each row its own report with its own idempotency key,
 * its own event or its own error (at its index). The server catches its read
 * models up once per request rather than once per row, and the API's
 * throttle counts requests, so a 4,380-row import is ~90 requests. A request
 * that gets no answer, or rows answered BUSY, are sent again with the same
 * keys: what was appended is answered from the log, nothing twice.
 */
import { MAX_REPORT_ROWS } from '../../../../../schema/model/inputs.js';
import { type GqlClient, GqlError, type GraphQLErrorBody, NetworkError } from '../../../gql.js';
import { reportRows } from '../../../queries.js';
import type { HubEvent } from '../../../types.js';

export interface RowToSend {
  input: Record<string, unknown>;
  idempotencyKey: string;
}

export type RowOutcome =
  | { ok: true; event: HubEvent }
  | { ok: false; code: string; message: string; field?: string; retryable: boolean };

export interface ReportTarget {
  /** The rows mutation, e.g. reportSortingRateRows. */
  rowsField: string;
  /** Its input type, e.g. SortingReportInput. */
  inputType: string;
}

/** Rows per request: the most one call takes. */
export const ROWS_PER_REQUEST = MAX_REPORT_ROWS;
/**
 * Requests in flight. One domain's log takes one append at a time, and two requests served by two
 * instances at once make their appends collide (each retries on the other's head); one request
 * at a time with many rows is the fastest way through.
 */
export const SEND_CONCURRENCY = 1;
/** Attempts per row for answers that say "try again" (BUSY, no answer). */
const ATTEMPTS = 3;

function rowError(e: GraphQLErrorBody | undefined): RowOutcome {
  const code = e?.extensions?.code ?? 'INTERNAL';
  return {
    ok: false,
    code,
    message: e?.message ?? 'No answer for this row',
    field: e?.extensions?.field?.replace(/^input\./, ''),
    retryable: code === 'BUSY',
  };
}

function requestFailure(err: unknown): RowOutcome {
  if (err instanceof GqlError)
    return {
      ok: false,
      code: err.code,
      message: err.message,
      field: err.errors[0]?.extensions?.field?.replace(/^input\./, ''),
      retryable: err.code === 'BUSY',
    };
  const message = err instanceof NetworkError ? err.message : String(err);
  return { ok: false, code: 'NETWORK', message, retryable: true };
}

const pause = (attempt: number) => new Promise((r) => setTimeout(r, 250 * 2 ** attempt));

export async function sendRows(
  gql: GqlClient,
  target: ReportTarget,
  rows: RowToSend[],
  onOutcome: (index: number, outcome: RowOutcome) => void,
  opts: { perRequest?: number; concurrency?: number } = {},
): Promise<void> {
  const perRequest = Math.min(opts.perRequest ?? ROWS_PER_REQUEST, MAX_REPORT_ROWS);
  const query = reportRows(target.rowsField, target.inputType);

  /** One request for rows `ix`; returns the rows to send again. */
  async function send(ix: number[], lastTry: boolean): Promise<number[]> {
    const inputs = ix.map((r) => ({ ...rows[r].input, idempotencyKey: rows[r].idempotencyKey }));
    let answer: { data: Record<string, ({ event: HubEvent } | null)[]> | null; errors: GraphQLErrorBody[] };
    try {
      answer = await gql.requestPartial(query, { inputs });
    } catch (err) {
      const outcome = requestFailure(err);
      if (outcome.ok || (outcome.retryable && !lastTry)) return ix;
      for (const r of ix) onOutcome(r, outcome);
      return [];
    }
    const results = answer.data?.[target.rowsField];
    if (!results) {
      const outcome = rowError(answer.errors[0]);
      if (!outcome.ok && outcome.retryable && !lastTry) return ix;
      for (const r of ix) onOutcome(r, outcome);
      return [];
    }
    const again: number[] = [];
    for (const [k, r] of ix.entries()) {
      const result = results[k];
      if (result) {
        onOutcome(r, { ok: true, event: result.event });
        continue;
      }
      const outcome = rowError(answer.errors.find((e) => e.path?.[1] === k));
      if (!outcome.ok && outcome.retryable && !lastTry) again.push(r);
      else onOutcome(r, outcome);
    }
    return again;
  }

  const chunks: number[][] = [];
  for (let i = 0; i < rows.length; i += perRequest)
    chunks.push(Array.from({ length: Math.min(perRequest, rows.length - i) }, (_, k) => i + k));
  let next = 0;
  async function worker() {
    while (next < chunks.length) {
      let ix = chunks[next++];
      for (let attempt = 0; ix.length > 0; attempt++) {
        if (attempt > 0) await pause(attempt);
        ix = await send(ix, attempt === ATTEMPTS - 1);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? SEND_CONCURRENCY, chunks.length) }, worker));
}

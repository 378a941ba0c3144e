/**
 * Many reports in one call (the entry grid and the spreadsheet import). Each
 * row is still its own report: validated by the same service, appended with
 * its own idempotency key (a retried row returns its original event), and
 * answered with its own event or error. What a call saves is the waste of
 * doing the rest once per row: the read models are caught up once for the
 * call instead of after every row, and the request is authenticated, parsed,
 * validated and rate-counted once.
 *
 * A row whose checks read the read models (housing: the project's latest
 * count, for the sanity checks) is preceded by a catch-up whenever an earlier
 * row of the call touched the same project, so it is judged exactly as if it
 * had been sent alone.
 */
import {
  type HousingDeliveryInput,
  type HubEventRecord,
  MAX_REPORT_ROWS,
  type Principal,
  type ProjectProgressInput,
  type ReportDomain,
  type SortingReportInput,
} from '../../../schema/model.js';
import type { ReportRowsService, ReportService } from '../../../schema/services.js';
import { bad, M } from './messages.js';
import type { WriteDeps } from './writes.js';

interface RowKind<I> {
  domain: ReportDomain;
  report: (principal: Principal, input: I) => Promise<HubEventRecord>;
  /** Rows whose checks read what an earlier row of the call wrote (null: none do). */
  readsBack: ((input: I) => string) | null;
}

/** `unprojected`: the single-report service built on deps with projectOnWrite off. */
export function reportRowsService(deps: WriteDeps, unprojected: ReportService): ReportRowsService {
  async function rows<I>(principal: Principal, kind: RowKind<I>, inputs: I[]): Promise<(HubEventRecord | Error)[]> {
    if (inputs.length > MAX_REPORT_ROWS) throw bad('inputs', M.tooManyRows(MAX_REPORT_ROWS, inputs.length));
    const out: (HubEventRecord | Error)[] = [];
    const touched = new Set<string>();
    let pending = false;
    const project = async () => {
      if (!pending || !deps.projectOnWrite) return;
      pending = false;
      touched.clear();
      try {
        await deps.projector.catchUp(kind.domain);
      } catch (err) {
        deps.logger.warn('projection after report rows failed; the stream projector will retry', {
          domain: kind.domain,
          err,
        });
      }
    };
    for (const input of inputs) {
      const group = kind.readsBack?.(input);
      if (group !== undefined && touched.has(group)) await project();
      try {
        out.push(await kind.report(principal, input));
        pending = true;
        if (group !== undefined) touched.add(group);
      } catch (err) {
        // The row's own error, at its index (graphql-js raises an Error list item at that path).
        out.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
    await project();
    return out;
  }

  return {
    reportSortingRateRows: (principal, inputs: SortingReportInput[]) =>
      rows(principal, { domain: 'sorting', report: unprojected.reportSortingRate, readsBack: null }, inputs),
    reportProjectProgressRows: (principal, inputs: ProjectProgressInput[]) =>
      rows(principal, { domain: 'construction', report: unprojected.reportProjectProgress, readsBack: null }, inputs),
    reportHousingDeliveryRows: (principal, inputs: HousingDeliveryInput[]) =>
      rows(
        principal,
        { domain: 'housing', report: unprojected.reportHousingDelivery, readsBack: (i) => i.project },
        inputs,
      ),
  };
}

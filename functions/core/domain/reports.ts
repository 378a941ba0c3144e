/** Department reports: validate, then append. One entity per (street, date) / (project, period) / (project, date). */
import { ForbiddenError } from '../../../schema/errors.js';
import {
  HOUSING_STATUSES,
  type HousingDeliveryInput,
  housingSanity,
  PROJECT_STATUSES,
  type Principal,
  type ProjectProgressInput,
  type ReportDomain,
  type SortingReportInput,
} from '../../../schema/model.js';
import type { ReportRowsService, ReportService } from '../../../schema/services.js';
import { bad, M } from './messages.js';
import type { ReadModels } from './read-models.js';
import { reportRowsService } from './report-rows.js';
import {
  optionalCount,
  optionalText,
  requireCode,
  requireCount,
  requireIdempotencyKey,
  requireNonNegative,
  requireNumberInRange,
  requireOneOf,
  requirePeriod,
  requireReportDate,
} from './validate.js';
import { type WriteDeps, write } from './writes.js';

/** Defence in depth: the schema's scopes already keep departments to their own domain. */
function assertDepartmentOf(principal: Principal, domain: ReportDomain) {
  if (principal.role !== 'department' || principal.dept !== domain) {
    throw new ForbiddenError(`Only the ${domain} department may report ${domain} figures`);
  }
}

/** The single reports and their many-rows form (report-rows.ts), whose rows skip the per-write catch-up. */
export function reportService(deps: WriteDeps, models: ReadModels): ReportService & ReportRowsService {
  const unprojected = singleReports({ ...deps, projectOnWrite: false }, models);
  return { ...singleReports(deps, models), ...reportRowsService(deps, unprojected) };
}

function singleReports(deps: WriteDeps, models: ReadModels): ReportService {
  return {
    async reportSortingRate(principal, input: SortingReportInput) {
      assertDepartmentOf(principal, 'sorting');
      const street = requireCode('input.street', input.street);
      if (!(await models.streetExists(street))) {
        throw bad('input.street', M.unknownStreet(street));
      }
      const date = requireReportDate('input.date', input.date, deps.now());
      const data: Record<string, unknown> = {
        street,
        date,
        coverageRate: requireNumberInRange('input.coverageRate', input.coverageRate, 0, 100),
        recoveryRate: requireNumberInRange('input.recoveryRate', input.recoveryRate, 0, 100),
      };
      const counts = [
        ['compoundsTotal', 'compoundsSorting'],
        ['householdsTotal', 'householdsSorting'],
      ] as const;
      for (const [totalField, partField] of counts) {
        const total = optionalCount(`input.${totalField}`, input[totalField]);
        const part = optionalCount(`input.${partField}`, input[partField]);
        if (total !== null && part !== null && part > total) {
          throw bad(`input.${partField}`, M.partExceedsTotal(`input.${totalField}`, part, total));
        }
        if (total !== null) data[totalField] = total;
        if (part !== null) data[partField] = part;
      }
      const key = requireIdempotencyKey(input.idempotencyKey);
      return write(deps, principal, {
        domain: 'sorting',
        entityId: `${street}:${date}`,
        data,
        kind: 'sorting',
        idempotencyKey: key,
      });
    },

    async reportProjectProgress(principal, input: ProjectProgressInput) {
      assertDepartmentOf(principal, 'construction');
      const code = requireCode('input.project', input.project);
      const project = await models.project(code);
      if (!project) throw bad('input.project', M.unknownProject(code));
      const period = requirePeriod('input.period', input.period, deps.now());
      const investment = requireNonNegative('input.investment', input.investment, 1e8);
      const data: Record<string, unknown> = { project: code, period, investment };
      if (input.cumulativeInvestment !== null && input.cumulativeInvestment !== undefined) {
        const cumulative = requireNonNegative('input.cumulativeInvestment', input.cumulativeInvestment, 1e9);
        if (cumulative < investment) {
          throw bad('input.cumulativeInvestment', M.cumulativeBelowPeriod(cumulative, investment));
        }
        data.cumulativeInvestment = cumulative;
      }
      if (input.status) data.status = requireOneOf('input.status', input.status, PROJECT_STATUSES);
      const note = optionalText('input.note', input.note);
      if (note) data.note = note;
      const key = requireIdempotencyKey(input.idempotencyKey);
      return write(deps, principal, {
        domain: 'construction',
        entityId: `${code}:${period}`,
        data,
        kind: 'progress',
        idempotencyKey: key,
      });
    },

    async reportHousingDelivery(principal, input: HousingDeliveryInput) {
      assertDepartmentOf(principal, 'housing');
      const code = requireCode('input.project', input.project);
      const project = await models.housingProject(code);
      if (!project) throw bad('input.project', M.unknownHousingProject(code));
      const date = requireReportDate('input.date', input.date, deps.now());
      const delivered = requireCount('input.deliveredUnits', input.deliveredUnits);
      if (delivered > project.totalUnits) {
        throw bad('input.deliveredUnits', M.deliveredExceedsTotal(delivered, project.totalUnits));
      }
      const data: Record<string, unknown> = { project: code, date, deliveredUnits: delivered };
      if (input.status) data.status = requireOneOf('input.status', input.status, HOUSING_STATUSES);
      if (data.status === 'delivered' && delivered < project.totalUnits) {
        throw bad('input.status', M.deliveredWhileUndelivered(project.totalUnits - delivered));
      }
      const note = optionalText('input.note', input.note);
      if (note) data.note = note;
      const reason = optionalText('input.correctionReason', input.correctionReason, 500);
      const latest = { value: project.deliveredUnits, date: project.lastReportDate };
      const findings = housingSanity(latest, { value: delivered, date }, project.totalUnits).filter(
        (f) => f.needsReason,
      );
      if (findings.length > 0 && !reason) {
        const f = findings[0];
        throw bad(`input.${f.field}`, f, { confirm: f.rule, current: project.deliveredUnits });
      }
      if (reason) {
        data.correctionReason = reason;
        // The figure it corrects lives under another day's entity, so old → new is kept in the event itself.
        if (latest.date && latest.date < date)
          data.correctsReport = { date: latest.date, deliveredUnits: latest.value };
      }
      const key = requireIdempotencyKey(input.idempotencyKey);
      return write(deps, principal, {
        domain: 'housing',
        entityId: `${code}:${date}`,
        data,
        kind: 'delivery',
        idempotencyKey: key,
        // A confirmed questionable figure is a correction of the project's count, even on a new day.
        asCorrection: reason !== null,
      });
    },
  };
}

/** Department reports: validate, then append. One entity per (street, date) / (project, period) / (project, date). */
import { BadInputError, ForbiddenError } from '../../../schema/errors.js';
import {
  HOUSING_STATUSES,
  type HousingDeliveryInput,
  PROJECT_STATUSES,
  type Principal,
  type ProjectProgressInput,
  type ReportDomain,
  type SortingReportInput,
} from '../../../schema/model.js';
import type { ReportService } from '../../../schema/services.js';
import type { ReadModels } from './read-models.js';
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

export function reportService(deps: WriteDeps, models: ReadModels): ReportService {
  return {
    async reportSortingRate(principal, input: SortingReportInput) {
      assertDepartmentOf(principal, 'sorting');
      const street = requireCode('input.street', input.street);
      if (!(await models.streetExists(street))) {
        throw new BadInputError('input.street', `unknown street code ${street}; see Query.streets for the 12 codes`);
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
          throw new BadInputError(`input.${partField}`, `must not exceed input.${totalField} (${part} > ${total})`);
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
      if (!project) throw new BadInputError('input.project', `unknown project code ${code}; see Query.projects`);
      const period = requirePeriod('input.period', input.period, deps.now());
      const investment = requireNonNegative('input.investment', input.investment, 1e8);
      const data: Record<string, unknown> = { project: code, period, investment };
      if (input.cumulativeInvestment !== null && input.cumulativeInvestment !== undefined) {
        const cumulative = requireNonNegative('input.cumulativeInvestment', input.cumulativeInvestment, 1e9);
        if (cumulative < investment) {
          throw new BadInputError(
            'input.cumulativeInvestment',
            `must be at least the period's investment (${cumulative} < ${investment})`,
          );
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
      if (!project)
        throw new BadInputError('input.project', `unknown housing project code ${code}; see Query.housingProjects`);
      const date = requireReportDate('input.date', input.date, deps.now());
      const delivered = requireCount('input.deliveredUnits', input.deliveredUnits);
      if (delivered > project.totalUnits) {
        throw new BadInputError(
          'input.deliveredUnits',
          `must not exceed the project's total units (${delivered} > ${project.totalUnits})`,
        );
      }
      const data: Record<string, unknown> = { project: code, date, deliveredUnits: delivered };
      if (input.status) data.status = requireOneOf('input.status', input.status, HOUSING_STATUSES);
      if (data.status === 'delivered' && delivered < project.totalUnits) {
        throw new BadInputError(
          'input.status',
          `cannot be delivered while ${project.totalUnits - delivered} units are undelivered`,
        );
      }
      const note = optionalText('input.note', input.note);
      if (note) data.note = note;
      const key = requireIdempotencyKey(input.idempotencyKey);
      return write(deps, principal, {
        domain: 'housing',
        entityId: `${code}:${date}`,
        data,
        kind: 'delivery',
        idempotencyKey: key,
      });
    },
  };
}

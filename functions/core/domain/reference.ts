/** Reference data (streets, projects, housing projects, targets): admin writes go through the log like reports. */
import { BadInputError, ForbiddenError } from '../../../schema/errors.js';
import {
  HOUSING_KINDS,
  HOUSING_STATUSES,
  PROJECT_CATEGORIES,
  PROJECT_STATUSES,
  type Principal,
  REPORT_DOMAINS,
  TARGET_METRICS,
} from '../../../schema/model.js';
import type { ReferenceService } from '../../../schema/services.js';
import type { ReadModels } from './read-models.js';
import {
  optionalDate,
  requireCode,
  requireCount,
  requireDate,
  requireIdempotencyKey,
  requireNonNegative,
  requireOneOf,
  requireText,
  requireYear,
} from './validate.js';
import { type WriteDeps, write } from './writes.js';

function assertAdmin(principal: Principal) {
  if (principal.role !== 'admin') throw new ForbiddenError('Only operators (admin) may change reference data');
}

async function requireStreet(models: ReadModels, field: string, code: unknown) {
  const street = requireCode(field, code);
  if (!(await models.streetExists(street)))
    throw new BadInputError(field, `unknown street code ${street}; see Query.streets`);
  return street;
}

export function referenceService(deps: WriteDeps, models: ReadModels): ReferenceService {
  return {
    async upsertStreet(principal, input) {
      assertAdmin(principal);
      const code = requireCode('input.code', input.code);
      const data = {
        code,
        name: requireText('input.name', input.name, 50),
        nameEn: requireText('input.nameEn', input.nameEn, 80),
      };
      return write(deps, principal, {
        domain: 'reference',
        entityId: code,
        data,
        kind: 'street',
        idempotencyKey: requireIdempotencyKey(input.idempotencyKey),
      });
    },

    async upsertProject(principal, input) {
      assertAdmin(principal);
      const code = requireCode('input.code', input.code);
      const totalInvestment = requireNonNegative('input.totalInvestment', input.totalInvestment, 1e9);
      const plannedInvestment = requireNonNegative('input.plannedInvestment', input.plannedInvestment, 1e9);
      const projectCount =
        input.projectCount == null ? 1 : requireCount('input.projectCount', input.projectCount, 10_000);
      if (projectCount < 1) throw new BadInputError('input.projectCount', 'must be at least 1');
      // An aggregate row stands for many projects, whose yearly plans can add up beyond any one total.
      if (projectCount === 1 && plannedInvestment > totalInvestment) {
        throw new BadInputError(
          'input.plannedInvestment',
          `must not exceed input.totalInvestment (${plannedInvestment} > ${totalInvestment})`,
        );
      }
      const data = {
        code,
        name: requireText('input.name', input.name, 100),
        category: requireOneOf('input.category', input.category, PROJECT_CATEGORIES),
        street: await requireStreet(models, 'input.street', input.street),
        totalInvestment,
        plannedInvestment,
        year: requireYear('input.year', input.year),
        status: requireOneOf('input.status', input.status, PROJECT_STATUSES),
        responsibleUnit: requireText('input.responsibleUnit', input.responsibleUnit, 100),
        plannedStart: optionalDate('input.plannedStart', input.plannedStart),
        projectCount,
      };
      return write(deps, principal, {
        domain: 'construction',
        entityId: code,
        data,
        kind: 'project',
        idempotencyKey: requireIdempotencyKey(input.idempotencyKey),
      });
    },

    async upsertHousingProject(principal, input) {
      assertAdmin(principal);
      const code = requireCode('input.code', input.code);
      const totalUnits = requireCount('input.totalUnits', input.totalUnits, 100_000);
      if (totalUnits < 1) throw new BadInputError('input.totalUnits', 'must be at least 1');
      const existing = await models.housingProject(code);
      if (existing && existing.deliveredUnits > totalUnits) {
        throw new BadInputError(
          'input.totalUnits',
          `must not be below the ${existing.deliveredUnits} units already delivered`,
        );
      }
      const data = {
        code,
        name: requireText('input.name', input.name, 100),
        street: await requireStreet(models, 'input.street', input.street),
        kind: requireOneOf('input.kind', input.kind, HOUSING_KINDS),
        totalUnits,
        status: requireOneOf('input.status', input.status, HOUSING_STATUSES),
        resumeDeadline: optionalDate('input.resumeDeadline', input.resumeDeadline),
        deliveryDeadline: requireDate('input.deliveryDeadline', input.deliveryDeadline),
      };
      return write(deps, principal, {
        domain: 'housing',
        entityId: code,
        data,
        kind: 'housingProject',
        idempotencyKey: requireIdempotencyKey(input.idempotencyKey),
      });
    },

    async setTarget(principal, input) {
      assertAdmin(principal);
      const domain = requireOneOf('input.domain', input.domain, REPORT_DOMAINS);
      const year = requireYear('input.year', input.year);
      const metric = requireOneOf('input.metric', input.metric, TARGET_METRICS[domain]);
      const isRate = metric.endsWith('Rate');
      const value = isRate
        ? requireNonNegative('input.value', input.value, 100)
        : requireNonNegative('input.value', input.value, 1e10);
      const data = { domain, year, metric, value };
      return write(deps, principal, {
        domain,
        entityId: `target:${year}:${metric}`,
        data,
        kind: 'target',
        idempotencyKey: requireIdempotencyKey(input.idempotencyKey),
      });
    },

    streets: () => models.streets(),
    street: (code) => models.street(requireCode('code', code)),
    async projects(filter) {
      const all = await models.projects();
      return all.filter(
        (p) => (!filter.street || p.street === filter.street) && (!filter.year || p.year === filter.year),
      );
    },
    project: (code) => models.project(requireCode('code', code)),
    async housingProjects(filter) {
      const all = await models.housingProjects();
      return all.filter((p) => !filter.street || p.street === filter.street);
    },
    housingProject: (code) => models.housingProject(requireCode('code', code)),
    async targets(filter) {
      const all = await models.targets();
      return all.filter(
        (t) => (!filter.domain || t.domain === filter.domain) && (!filter.year || t.year === filter.year),
      );
    },
  };
}

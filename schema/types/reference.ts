/** Reference data: streets, projects, housing projects, targets. Reads for every role, writes for operators. */
import { builder } from '../builder.js';
import type { HousingProject, Project, Street, Target } from '../model.js';
import { DomainEnum, HousingKindEnum, HousingStatusEnum, ProjectCategoryEnum, ProjectStatusEnum } from './enums.js';
import { ReportResultRef } from './hub-event.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from './reports.js';

export const StreetRef = builder.objectRef<Street>('Street').implement({
  description: 'A subdistrict (街道) of 管城回族区, by its national statistical code.',
  fields: (t) => ({
    code: t.exposeID('code'),
    name: t.exposeString('name', { description: 'Chinese name, e.g. 北下街街道.' }),
    nameEn: t.exposeString('nameEn', { description: 'English name (pinyin).' }),
  }),
});

export const ProjectRef = builder.objectRef<Project>('Project').implement({
  description: 'A key construction project (重点项目). Money in 万元.',
  fields: (t) => ({
    code: t.exposeID('code'),
    name: t.exposeString('name'),
    category: t.field({ type: ProjectCategoryEnum, resolve: (p) => p.category }),
    street: t.field({
      type: StreetRef,
      nullable: true,
      resolve: (p, _a, ctx) => ctx.services.reference.street(p.street),
    }),
    streetCode: t.exposeID('street'),
    totalInvestment: t.exposeFloat('totalInvestment', { description: '总投资, 万元.' }),
    plannedInvestment: t.exposeFloat('plannedInvestment', { description: "This year's planned investment, 万元." }),
    year: t.exposeInt('year', { description: 'Plan year.' }),
    status: t.field({ type: ProjectStatusEnum, resolve: (p) => p.status }),
    responsibleUnit: t.exposeString('responsibleUnit'),
    plannedStart: t.field({ type: 'Date', nullable: true, resolve: (p) => p.plannedStart }),
    projectCount: t.exposeInt('projectCount', {
      description: 'Key projects this row stands for (more than 1 for an aggregate row).',
    }),
    investmentYtd: t.exposeFloat('investmentYtd', {
      description: 'Cumulative investment reported for the plan year, 万元.',
    }),
    completion: t.float({
      nullable: true,
      description: 'investmentYtd ÷ plannedInvestment, percent.',
      resolve: (p) =>
        p.plannedInvestment > 0 ? Math.round((p.investmentYtd / p.plannedInvestment) * 10_000) / 100 : null,
    }),
    lastPeriod: t.string({ nullable: true, resolve: (p) => p.lastPeriod }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.updatedAt }),
  }),
});

export const HousingProjectRef = builder.objectRef<HousingProject>('HousingProject').implement({
  description: 'A 保交楼 commercial housing or 安置房 resettlement project.',
  fields: (t) => ({
    code: t.exposeID('code'),
    name: t.exposeString('name'),
    street: t.field({
      type: StreetRef,
      nullable: true,
      resolve: (p, _a, ctx) => ctx.services.reference.street(p.street),
    }),
    streetCode: t.exposeID('street'),
    kind: t.field({ type: HousingKindEnum, resolve: (p) => p.kind }),
    totalUnits: t.exposeInt('totalUnits'),
    deliveredUnits: t.exposeInt('deliveredUnits'),
    status: t.field({ type: HousingStatusEnum, resolve: (p) => p.status }),
    resumeDeadline: t.field({ type: 'Date', nullable: true, resolve: (p) => p.resumeDeadline }),
    deliveryDeadline: t.field({ type: 'Date', resolve: (p) => p.deliveryDeadline }),
    lastReportDate: t.field({ type: 'Date', nullable: true, resolve: (p) => p.lastReportDate }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.updatedAt }),
  }),
});

export const TargetRef = builder.objectRef<Target>('Target').implement({
  description:
    'A yearly target. Metrics: CONSTRUCTION investment (万元), projects; SORTING coverageRate, recoveryRate (%); HOUSING deliveryRate, resumptionRate (%).',
  fields: (t) => ({
    domain: t.field({ type: DomainEnum, resolve: (x) => x.domain }),
    year: t.exposeInt('year'),
    metric: t.exposeString('metric'),
    value: t.exposeFloat('value'),
  }),
});

const StreetInput = builder.inputType('StreetInput', {
  fields: (t) => ({
    code: t.id({ required: true }),
    name: t.string({ required: true }),
    nameEn: t.string({ required: true }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const ProjectInput = builder.inputType('ProjectInput', {
  fields: (t) => ({
    code: t.id({ required: true }),
    name: t.string({ required: true }),
    category: t.field({ type: ProjectCategoryEnum, required: true }),
    street: t.id({ required: true }),
    totalInvestment: t.float({ required: true, description: '万元' }),
    plannedInvestment: t.float({ required: true, description: "This year's plan, 万元" }),
    year: t.int({ required: true }),
    status: t.field({ type: ProjectStatusEnum, required: true }),
    responsibleUnit: t.string({ required: true }),
    plannedStart: t.field({ type: 'Date', required: false }),
    projectCount: t.int({ required: false, description: 'Default 1; more for an aggregate row.' }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const HousingProjectInput = builder.inputType('HousingProjectInput', {
  fields: (t) => ({
    code: t.id({ required: true }),
    name: t.string({ required: true }),
    street: t.id({ required: true }),
    kind: t.field({ type: HousingKindEnum, required: true }),
    totalUnits: t.int({ required: true }),
    status: t.field({ type: HousingStatusEnum, required: true }),
    resumeDeadline: t.field({ type: 'Date', required: false }),
    deliveryDeadline: t.field({ type: 'Date', required: true }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const TargetInput = builder.inputType('TargetInput', {
  fields: (t) => ({
    domain: t.field({ type: DomainEnum, required: true }),
    year: t.int({ required: true }),
    metric: t.string({ required: true }),
    value: t.float({ required: true }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.queryFields((t) => ({
  streets: t.field({
    type: [StreetRef],
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) => ctx.services.reference.streets(),
  }),
  street: t.field({
    type: StreetRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: { code: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.reference.street(String(a.code)),
  }),
  projects: t.field({
    type: [ProjectRef],
    authScopes: { readDomain: 'construction' },
    args: { street: t.arg.id(), year: t.arg.int() },
    resolve: (_r, a, ctx) =>
      ctx.services.reference.projects({ street: a.street == null ? null : String(a.street), year: a.year }),
  }),
  project: t.field({
    type: ProjectRef,
    nullable: true,
    authScopes: { readDomain: 'construction' },
    args: { code: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.reference.project(String(a.code)),
  }),
  housingProjects: t.field({
    type: [HousingProjectRef],
    authScopes: { readDomain: 'housing' },
    args: { street: t.arg.id() },
    resolve: (_r, a, ctx) =>
      ctx.services.reference.housingProjects({ street: a.street == null ? null : String(a.street) }),
  }),
  housingProject: t.field({
    type: HousingProjectRef,
    nullable: true,
    authScopes: { readDomain: 'housing' },
    args: { code: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.reference.housingProject(String(a.code)),
  }),
  targets: t.field({
    type: [TargetRef],
    authScopes: { authenticated: true },
    args: { domain: t.arg({ type: DomainEnum }), year: t.arg.int() },
    resolve: (_r, a, ctx) =>
      ctx.services.reference.targets({
        domain: a.domain === 'reference' ? null : (a.domain as Target['domain'] | null | undefined),
        year: a.year,
      }),
  }),
}));

builder.mutationFields((t) => ({
  upsertStreet: t.field({
    type: ReportResultRef,
    description: 'Register or rename a street (admin). Logged in the REFERENCE log.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: StreetInput, required: true }) },
    resolve: async (_r, { input }, ctx) => ({
      event: await ctx.services.reference.upsertStreet(ctx.principal!, { ...input, code: String(input.code) }),
    }),
  }),
  upsertProject: t.field({
    type: ReportResultRef,
    description: 'Register or change a key project (admin). Logged in the CONSTRUCTION log.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: ProjectInput, required: true }) },
    resolve: async (_r, { input }, ctx) => ({
      event: await ctx.services.reference.upsertProject(ctx.principal!, {
        ...input,
        code: String(input.code),
        street: String(input.street),
      } as never),
    }),
  }),
  upsertHousingProject: t.field({
    type: ReportResultRef,
    description: 'Register or change a housing project (admin). Logged in the HOUSING log.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: HousingProjectInput, required: true }) },
    resolve: async (_r, { input }, ctx) => ({
      event: await ctx.services.reference.upsertHousingProject(ctx.principal!, {
        ...input,
        code: String(input.code),
        street: String(input.street),
      } as never),
    }),
  }),
  setTarget: t.field({
    type: ReportResultRef,
    description: "Set a domain's yearly target (admin). Logged in that domain's log.",
    authScopes: { admin: true },
    args: { input: t.arg({ type: TargetInput, required: true }) },
    resolve: async (_r, { input }, ctx) => ({
      event: await ctx.services.reference.setTarget(ctx.principal!, input as never),
    }),
  }),
}));

/**
 * The demo data of DOMAIN.md, generated deterministically from an anchor day
 * (so an interrupted seed regenerates the same plan when it resumes). The
 * seed document's 2022 results become last year and its 2023 targets this
 * year, so the demo is live: today's reports land in the plan year on screen.
 *
 * The plan is one ordered list of writes per log; seeding appends them in
 * order, which is what lets a restart skip exactly the writes already made.
 */
import type {
  DomainName,
  HousingDeliveryInput,
  HousingProjectInput,
  ProjectInput,
  ProjectProgressInput,
  SortingReportInput,
  StreetInput,
  TargetInput,
} from '../../../schema/model.js';
import { mulberry32 } from './seeded-random.js';
import { STREETS } from './streets.js';

export type SeedWrite =
  | { kind: 'street'; input: StreetInput }
  | { kind: 'target'; input: TargetInput }
  | { kind: 'project'; input: ProjectInput }
  | { kind: 'housingProject'; input: HousingProjectInput }
  | { kind: 'progress'; input: ProjectProgressInput }
  | { kind: 'sorting'; input: SortingReportInput }
  | { kind: 'housing'; input: HousingDeliveryInput };

export type SeedPlan = Record<DomainName, SeedWrite[]>;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

const NAMED_PROJECTS: [string, ProjectInput['category'], number, number][] = [
  // name, category, street index (0-based), total investment 亿元
  ['金岱智慧产业园二期', 'industrial', 11, 38],
  ['福耀集团一中心三基地', 'industrial', 11, 60],
  ['大数据灾备中心', 'infrastructure', 10, 25],
  ['郑州南站综合交通枢纽配套道路', 'infrastructure', 10, 42],
  ['郑州南站站前广场及地下空间', 'infrastructure', 10, 31],
  ['南曹片区污水处理厂', 'infrastructure', 10, 9],
  ['金岱小微企业园', 'industrial', 11, 12],
  ['金岱生物医药产业园', 'industrial', 11, 18],
  ['金岱新材料产业基地', 'industrial', 11, 15],
  ['商都历史文化区保护提升', 'urban_renewal', 4, 20],
  ['书院街历史街区更新', 'urban_renewal', 1, 11],
  ['北下街老旧小区改造', 'urban_renewal', 0, 3.5],
  ['西大街片区城市更新', 'urban_renewal', 1, 16],
  ['南关街地下综合管廊', 'infrastructure', 2, 7.5],
  ['城东路道路综合整治', 'infrastructure', 3, 4.2],
  ['东大街商业街区提质', 'urban_renewal', 4, 6.8],
  ['二里岗遗址公园', 'public_service', 5, 5.5],
  ['陇海马路棚户区改造', 'urban_renewal', 6, 22],
  ['紫荆山南路学校新建', 'public_service', 7, 2.8],
  ['航海东路社区医院', 'public_service', 8, 3.1],
  ['十八里河生态廊道', 'infrastructure', 9, 8.6],
  ['十八里河片区安置社区配套', 'public_service', 9, 6.2],
  ['南曹智能制造产业园', 'industrial', 10, 27],
  ['管城区人民医院新院区', 'public_service', 3, 14],
  ['管城区第一实验学校', 'public_service', 5, 4.5],
  ['环卫中转站新改建（54座）', 'infrastructure', 8, 2.7],
  ['老旧小区改造（14个）', 'urban_renewal', 2, 4.9],
  ['市政道路建设（21条）', 'infrastructure', 9, 19],
  ['新增绿地工程（15万平方米）', 'public_service', 7, 3.3],
  ['东区数字经济产业园', 'industrial', 3, 21],
  ['冷链物流园', 'industrial', 9, 13],
  ['智慧城管指挥平台', 'infrastructure', 0, 1.6],
  ['紫荆山南路商业综合体', 'industrial', 7, 17],
  ['航海东路总部经济区', 'industrial', 8, 24],
  ['陇海马路文化商业街', 'urban_renewal', 6, 5.2],
  ['二里岗片区集中供热管网', 'infrastructure', 5, 3.9],
  ['北下街养老服务中心', 'public_service', 0, 1.8],
  ['南关街全民健身中心', 'public_service', 2, 2.4],
  ['东大街停车场改造', 'infrastructure', 4, 1.5],
  ['西大街社区服务中心', 'public_service', 1, 1.2],
  ['金岱人才公寓', 'public_service', 11, 9.5],
];

const HOUSING: [string, number, number, HousingProjectInput['kind']][] = [
  // name, street index, total units, kind
  ['紫金悦城', 9, 1860, 'commercial'],
  ['正商城东苑', 3, 980, 'commercial'],
  ['南曹和园', 10, 1420, 'commercial'],
  ['金岱雅居', 11, 760, 'commercial'],
  ['陇海佳苑', 6, 640, 'commercial'],
  ['航海锦城', 8, 1150, 'commercial'],
  ['十八里河畔', 9, 520, 'commercial'],
  ['二里岗新苑', 5, 430, 'commercial'],
  ['紫荆华庭', 7, 880, 'commercial'],
  ['东大街安置小区', 4, 1200, 'resettlement'],
  ['南关安置房一期', 2, 960, 'resettlement'],
  ['西大街安置房', 1, 350, 'resettlement'],
  ['北下街回迁房', 0, 280, 'resettlement'],
  ['城东路安置社区', 3, 1640, 'resettlement'],
  ['南曹安置房二期', 10, 1980, 'resettlement'],
];

export function demoPlan(anchor: Date): SeedPlan {
  const random = mulberry32(20221228);
  const year = anchor.getUTCFullYear();
  const yesterday = addDays(new Date(`${iso(anchor)}T00:00:00Z`), -1);
  const monthNow = anchor.getUTCMonth() + 1; // 1-12
  const plan: SeedPlan = { reference: [], construction: [], sorting: [], housing: [] };

  for (const s of STREETS) plan.reference.push({ kind: 'street', input: { ...s } });

  // Targets (seed: 342 projects, ≥ 793 亿; coverage ≥ 98%, recovery ≥ 38%).
  plan.construction.push({
    kind: 'target',
    input: { domain: 'construction', year, metric: 'investment', value: 7_930_000 },
  });
  plan.construction.push({ kind: 'target', input: { domain: 'construction', year, metric: 'projects', value: 342 } });
  plan.construction.push({
    kind: 'target',
    input: { domain: 'construction', year: year - 1, metric: 'investment', value: 4_993_000 },
  });
  plan.construction.push({
    kind: 'target',
    input: { domain: 'construction', year: year - 1, metric: 'projects', value: 291 },
  });
  plan.sorting.push({ kind: 'target', input: { domain: 'sorting', year, metric: 'coverageRate', value: 98 } });
  plan.sorting.push({ kind: 'target', input: { domain: 'sorting', year, metric: 'recoveryRate', value: 38 } });
  plan.housing.push({ kind: 'target', input: { domain: 'housing', year, metric: 'deliveryRate', value: 90 } });
  plan.housing.push({ kind: 'target', input: { domain: 'housing', year, metric: 'resumptionRate', value: 100 } });

  // Construction: 41 named projects + one aggregate row for the other 301 (342 in all, 793 亿 planned);
  // last year's 291 projects as one aggregate row that invested 544.2 亿 against a 499.3 亿 plan (109%).
  const projects: { input: ProjectInput; pace: number }[] = [];
  let namedPlan = 0;
  NAMED_PROJECTS.forEach(([name, category, streetIx, total], i) => {
    const code = `GC-${String(i + 1).padStart(3, '0')}`;
    const planned = Math.round(total * 10_000 * (0.25 + random() * 0.2));
    namedPlan += planned;
    // Most projects near pace; a few well behind (yellow/red), two not started past their start date.
    const pace = i % 13 === 4 ? 0.45 : i % 11 === 7 ? 0.82 : 1.02 + random() * 0.15;
    const notStarted = i === 17 || i === 33;
    projects.push({
      pace: notStarted ? 0 : pace,
      input: {
        code,
        name,
        category,
        street: STREETS[streetIx].code,
        totalInvestment: Math.round(total * 10_000),
        plannedInvestment: planned,
        year,
        status: notStarted ? 'planned' : i % 9 === 0 ? 'completed' : 'started',
        responsibleUnit:
          category === 'industrial'
            ? '区发改委'
            : category === 'public_service'
              ? '区社会事业局'
              : category === 'urban_renewal'
                ? '区城市更新局'
                : '区住建局',
        plannedStart: notStarted ? `${year}-0${3 + (i % 4)}-15` : `${year}-03-01`,
        projectCount: 1,
      },
    });
  });
  projects.push({
    pace: 0.95,
    input: {
      code: 'GC-REST',
      name: '其他重点项目（汇总）',
      category: 'infrastructure',
      street: STREETS[9].code,
      totalInvestment: 18_000_000,
      plannedInvestment: 7_930_000 - namedPlan,
      year,
      status: 'started',
      responsibleUnit: '区发改委',
      plannedStart: null,
      projectCount: 342 - NAMED_PROJECTS.length,
    },
  });
  const previous: ProjectInput = {
    code: 'GC-PREV',
    name: '上年度重点项目（汇总）',
    category: 'infrastructure',
    street: STREETS[9].code,
    totalInvestment: 12_000_000,
    plannedInvestment: 4_993_000,
    year: year - 1,
    status: 'completed',
    responsibleUnit: '区发改委',
    plannedStart: null,
    projectCount: 291,
  };
  for (const p of [...projects.map((p) => p.input), previous]) plan.construction.push({ kind: 'project', input: p });

  // Last year: 12 months adding up to 544.2 亿 exactly.
  const prevMonths = Array.from({ length: 12 }, () => 0.7 + random() * 0.6);
  const prevSum = prevMonths.reduce((s, v) => s + v, 0);
  let prevTotal = 0;
  prevMonths.forEach((w, m) => {
    const value = m === 11 ? 5_442_000 - prevTotal : Math.round((5_442_000 * w) / prevSum);
    prevTotal += value;
    plan.construction.push({
      kind: 'progress',
      input: {
        project: 'GC-PREV',
        period: `${year - 1}-${String(m + 1).padStart(2, '0')}`,
        investment: value,
        note: '月度汇总',
      },
    });
  });

  // This year: monthly reports for every month before the current one.
  const corrections: SeedWrite[] = [];
  for (let m = 1; m < monthNow; m++) {
    const period = `${year}-${String(m).padStart(2, '0')}`;
    for (const { input, pace } of projects) {
      if (pace === 0) continue;
      const value = Math.round((input.plannedInvestment / 12) * pace * (0.8 + random() * 0.4));
      plan.construction.push({
        kind: 'progress',
        input: { project: input.code, period, investment: value, note: m === 1 ? '开工建设' : '按计划推进' },
      });
      if (corrections.length < 6 && m === monthNow - 1 && random() < 0.2) {
        corrections.push({
          kind: 'progress',
          input: { project: input.code, period, investment: Math.round(value * 1.08), note: '数据更正：补报漏统投资' },
        });
      }
    }
  }
  plan.construction.push(...corrections);

  // Sorting: a year of daily rates per street up to yesterday; three streets below target.
  const low: Record<string, { cov: number; rec: number }> = {
    '410104011': { cov: -1.3, rec: 0 }, // 南曹: coverage below 98%
    '410104010': { cov: 0, rec: -3.2 }, // 十八里河: recovery below 38%
    '410104012': { cov: -0.8, rec: -2.4 }, // 金岱
  };
  const sortingCorrections: SeedWrite[] = [];
  for (let day = 364; day >= 0; day--) {
    const date = iso(addDays(yesterday, -day));
    STREETS.forEach((s, i) => {
      const bias = low[s.code] ?? { cov: 0, rec: 0 };
      const coverage = round(Math.min(99.8, Math.max(96.5, 98.9 + bias.cov + (random() - 0.5) * 1.2)));
      const recovery = round(Math.min(42, Math.max(34, 39.5 + bias.rec + (i % 4) * 0.4 + (random() - 0.5) * 2.4)));
      plan.sorting.push({
        kind: 'sorting',
        input: {
          street: s.code,
          date,
          coverageRate: coverage,
          recoveryRate: recovery,
          compoundsTotal: 80 + i * 7,
          compoundsSorting: Math.round(((80 + i * 7) * coverage) / 100),
        },
      });
      if (day < 20 && sortingCorrections.length < 8 && random() < 0.04) {
        const fixed = round(Math.min(99.8, coverage + 0.6));
        sortingCorrections.push({
          kind: 'sorting',
          input: {
            street: s.code,
            date,
            coverageRate: fixed,
            recoveryRate: recovery,
            compoundsTotal: 80 + i * 7,
            compoundsSorting: Math.round(((80 + i * 7) * fixed) / 100),
          },
        });
      }
    });
  }
  plan.sorting.push(...sortingCorrections);

  // Housing: 15 projects; 保交楼 deliver by Dec 31, stalled ones resume by Jun 30; three running late.
  const weeks = Math.floor((yesterday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  const housingCorrections: SeedWrite[] = [];
  HOUSING.forEach(([name, streetIx, units, kind], i) => {
    const code = `HS-${String(i + 1).padStart(2, '0')}`;
    const stalledStill = i === 6; // still stalled after the resumption deadline
    const late = i === 2 || i === 8; // behind the pace
    plan.housing.push({
      kind: 'housingProject',
      input: {
        code,
        name,
        street: STREETS[streetIx].code,
        kind,
        totalUnits: units,
        status: i < 7 ? 'stalled' : 'resumed',
        resumeDeadline: i < 7 ? `${year}-06-30` : null,
        deliveryDeadline: kind === 'commercial' ? `${year}-12-31` : `${year + (i % 2)}-12-31`,
      },
    });
    if (stalledStill) return;
    const share = late ? 0.35 : kind === 'commercial' ? 0.95 : i % 2 === 0 ? 0.9 : 0.5;
    let delivered = 0;
    for (let w = 1; w <= weeks; w++) {
      const date = iso(addDays(new Date(Date.UTC(year, 0, 1)), w * 7 - 1));
      const target = Math.round(units * share * Math.min(1, (w / 52) ** 1.3));
      if (target <= delivered && w % 4 !== 0) continue;
      delivered = Math.max(delivered, target);
      const status =
        w < 20 && i < 7 ? 'resumed' : delivered >= units ? 'delivered' : delivered > 0 ? 'delivering' : 'topped_out';
      plan.housing.push({
        kind: 'housing',
        input: {
          project: code,
          date,
          deliveredUnits: delivered,
          status,
          note: delivered > 0 ? `累计交付${delivered}套` : '主体施工',
        },
      });
      if (w === weeks - 1 && housingCorrections.length < 6 && delivered > 10) {
        housingCorrections.push({
          kind: 'housing',
          input: { project: code, date, deliveredUnits: delivered - 6, status, note: '数据更正：6套未完成验收' },
        });
      }
    }
  });
  plan.housing.push(...housingCorrections);
  return plan;
}

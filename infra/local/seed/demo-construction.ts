/**
 * The construction log of the demo (发改委): 41 named key projects of the seed
 * document plus aggregate rows, and their monthly investment reports up to
 * last month, a few of them corrected.
 */
import type { ProjectInput } from '../../../schema/model.js';
import type { Random, SeedWrite } from './seed-plan.js';
import { STREETS } from './streets.js';

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

/** Projects and progress reports of `year`, for the months before `monthNow` (1-12), and last year's totals. */
export function constructionWrites(year: number, monthNow: number, random: Random): SeedWrite[] {
  const writes: SeedWrite[] = [];
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
  for (const p of [...projects.map((p) => p.input), previous]) writes.push({ kind: 'project', input: p });

  // Last year: 12 months adding up to 544.2 亿 exactly.
  const prevMonths = Array.from({ length: 12 }, () => 0.7 + random() * 0.6);
  const prevSum = prevMonths.reduce((s, v) => s + v, 0);
  let prevTotal = 0;
  prevMonths.forEach((w, m) => {
    const value = m === 11 ? 5_442_000 - prevTotal : Math.round((5_442_000 * w) / prevSum);
    prevTotal += value;
    writes.push({
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
      writes.push({
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
  writes.push(...corrections);
  return writes;
}

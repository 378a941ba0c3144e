/**
 * The housing log of the demo (住建局, 保交楼): 15 projects and their weekly
 * delivery reports since January, three running late, a few corrected.
 */
import type { HousingProjectInput } from '../../../schema/model.js';
import type { SeedWrite } from './seed-plan.js';
import { addDays, iso } from './seed-plan.js';
import { STREETS } from './streets.js';

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

/** Projects of `year` and their weekly reports up to `yesterday`. */
export function housingWrites(year: number, yesterday: Date): SeedWrite[] {
  const writes: SeedWrite[] = [];
  // Housing: 15 projects; 保交楼 deliver by Dec 31, stalled ones resume by Jun 30; three running late.
  const weeks = Math.floor((yesterday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  const housingCorrections: SeedWrite[] = [];
  HOUSING.forEach(([name, streetIx, units, kind], i) => {
    const code = `HS-${String(i + 1).padStart(2, '0')}`;
    const stalledStill = i === 6; // still stalled after the resumption deadline
    const late = i === 2 || i === 8; // behind the pace
    writes.push({
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
      writes.push({
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
  writes.push(...housingCorrections);
  return writes;
}

/** The housing projection on fixed events: each project's record, delivered units and status. */
import { describe, expect, it } from 'vitest';
import { projectHousing } from '../../../functions/core/projections/housing.js';
import { event, fold, item } from '../../helpers/fold-events.js';

const H1 = {
  code: 'H-1',
  name: '测试楼盘1',
  street: '410104004',
  kind: 'commercial',
  totalUnits: 500,
  status: 'stalled',
  resumeDeadline: '2023-06-30',
  deliveryDeadline: '2023-12-31',
};
const registered = event('housing', 1, 'HousingProjectRegistered', 'H-1', H1);
const delivery = (seq: number, date: string, deliveredUnits: number, status?: string) =>
  event('housing', seq, 'HousingDeliveryReported', `H-1:${date}`, {
    project: 'H-1',
    date,
    deliveredUnits,
    ...(status ? { status } : {}),
  });

describe('housing projection', () => {
  it('registers a project with nothing delivered', () => {
    const items = fold(projectHousing, [registered]);
    expect(item(items, 'RM#HOUS', 'H-1')).toMatchObject({
      ...H1,
      deliveredUnits: 0,
      lastReportDate: null,
      seq: 1,
    });
    expect(item(items, 'RM#META', 'housing')).toMatchObject({ events: 1 });
  });

  it('a report sets delivered units and status; one without a status keeps it', () => {
    const items = fold(projectHousing, [
      registered,
      delivery(2, '2023-07-01', 250, 'delivering'),
      delivery(3, '2023-07-15', 300),
    ]);
    expect(item(items, 'RM#HOUS', 'H-1')).toMatchObject({
      deliveredUnits: 300,
      status: 'delivering',
      lastReportDate: '2023-07-15',
      totalUnits: 500,
    });
    expect(item(items, 'RM#E#housing#H-1', '2023-07-01')).toMatchObject({ data: { deliveredUnits: 250 } });
  });

  it('a report dated before the latest changes history but not the current figures', () => {
    const items = fold(projectHousing, [
      registered,
      delivery(2, '2023-07-15', 300, 'delivering'),
      delivery(3, '2023-07-01', 100, 'resumed'),
    ]);
    expect(item(items, 'RM#HOUS', 'H-1')).toMatchObject({
      deliveredUnits: 300,
      status: 'delivering',
      lastReportDate: '2023-07-15',
    });
    expect(item(items, 'RM#E#housing#H-1', '2023-07-01')).toMatchObject({ data: { deliveredUnits: 100 } });
  });

  it('an updated record takes its status until a report has set one, and keeps delivered units', () => {
    const update = (seq: number, status: string) =>
      event('housing', seq, 'HousingProjectUpdated', 'H-1', { ...H1, status, totalUnits: 600 });
    const beforeReports = fold(projectHousing, [registered, update(2, 'resumed')]);
    expect(item(beforeReports, 'RM#HOUS', 'H-1')).toMatchObject({ status: 'resumed', totalUnits: 600 });
    const afterReport = fold(projectHousing, [
      registered,
      delivery(2, '2023-07-01', 250, 'delivering'),
      update(3, 'stalled'),
    ]);
    expect(item(afterReport, 'RM#HOUS', 'H-1')).toMatchObject({
      status: 'delivering',
      deliveredUnits: 250,
      totalUnits: 600,
    });
  });

  it('keeps targets set in its log', () => {
    const target = { domain: 'housing', year: 2023, metric: 'deliveryRate', value: 90 };
    const items = fold(projectHousing, [event('housing', 1, 'TargetSet', 'target:2023:deliveryRate', target)]);
    expect(item(items, 'RM#TARGET', 'housing#2023#deliveryRate')).toMatchObject(target);
  });
});

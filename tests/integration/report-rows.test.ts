/**
 * Reports in rows (reportSortingRateRows and its two siblings): each row is
 * its own report — own event, own error at its index in the caller's
 * language, own idempotency (the same call again appends nothing) — the read
 * models are current when the call returns, and a housing row is judged
 * against an earlier row of the same call as if sent alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtDay } from '../../functions/core/domain/district-day.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

const SORTING_ROWS = `mutation($inputs: [SortingReportInput!]!) {
  reportSortingRateRows(inputs: $inputs) { event { seq type entityId } } }`;
const HOUSING_ROWS = `mutation($inputs: [HousingDeliveryInput!]!) {
  reportHousingDeliveryRows(inputs: $inputs) { event { seq type isCorrection } } }`;
const PROGRESS_ROWS = `mutation($inputs: [ProjectProgressInput!]!) {
  reportProjectProgressRows(inputs: $inputs) { event { seq entityId } } }`;

type Row = { event: { seq: number; type: string; entityId: string; isCorrection: boolean } } | null;
interface Answer {
  data?: Record<string, Row[]> | null;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, unknown> }[];
}

const day = (back: number) => districtDay(new Date(Date.now() - back * 86_400_000));

describe('reports in rows', () => {
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  const post = async (who: string, query: string, inputs: object[], headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}`, ...headers },
      body: JSON.stringify({ query, variables: { inputs } }),
    });
    return (await res.json()) as Answer;
  };
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    for (const d of ['sorting', 'housing', 'construction'] as const) tokens[d] = await hub.token('department', d);
    tokens.screen = await hub.token('screen');
  });
  afterAll(() => hub.close());

  it('answers each row with its own event or its own error, in order, and appends nothing on a resend', async () => {
    const inputs = [
      { street: '410104001', date: day(3), coverageRate: 98.1, recoveryRate: 38.2, idempotencyKey: 'rows-1' },
      { street: '410104002', date: day(3), coverageRate: 120, recoveryRate: 38, idempotencyKey: 'rows-2' },
      { street: '410104099', date: day(3), coverageRate: 98, recoveryRate: 38, idempotencyKey: 'rows-3' },
      { street: '410104003', date: day(3), coverageRate: 97.5, recoveryRate: 36, idempotencyKey: 'rows-4' },
    ];
    const first = await post('sorting', SORTING_ROWS, inputs, { 'x-hub-lang': 'zh' });
    const rows = first.data!.reportSortingRateRows;
    expect(rows.map((r) => r?.event.entityId ?? null)).toEqual([
      `410104001:${day(3)}`,
      null,
      null,
      `410104003:${day(3)}`,
    ]);
    expect(rows[3]!.event.seq).toBe(rows[0]!.event.seq + 1);
    expect(first.errors?.map((e) => [e.path, e.extensions.code, e.extensions.field, e.message])).toEqual([
      [
        ['reportSortingRateRows', 1],
        'BAD_USER_INPUT',
        'input.coverageRate',
        '分类覆盖率：须在 0 到 100 之间（填写的是 120）',
      ],
      [
        ['reportSortingRateRows', 2],
        'BAD_USER_INPUT',
        'input.street',
        '街道：没有编码为 410104099 的街道（管城区共 12 个街道）',
      ],
    ]);

    // Read-your-writes: the call returned after the read models caught up.
    const read = await hub.gql<{ sortingRates: { street: string; coverageRate: number }[] }>(
      `{ sortingRates(date: "${day(3)}") { street coverageRate } }`,
      {},
      tokens.screen,
    );
    expect(read.body.data?.sortingRates.map((r) => [r.street, r.coverageRate]).sort()).toEqual([
      ['410104001', 98.1],
      ['410104003', 97.5],
    ]);

    // The same call again (a retried request): the saved rows answer their original events, nothing appended.
    const again = await post('sorting', SORTING_ROWS, inputs);
    expect(again.data!.reportSortingRateRows.map((r) => r?.event.seq ?? null)).toEqual(
      rows.map((r) => r?.event.seq ?? null),
    );
    expect(again.errors?.[0].message).toBe('input.coverageRate: must be between 0 and 100 (got 120)');
    const more = await post('sorting', SORTING_ROWS, [{ ...inputs[0], idempotencyKey: 'rows-5', coverageRate: 99 }]);
    expect(more.data!.reportSortingRateRows[0]!.event).toMatchObject({
      seq: rows[3]!.event.seq + 1,
      type: 'SortingRateCorrected',
    });
  });

  it('judges a housing row against an earlier row of the same call (a falling count needs its reason)', async () => {
    const answer = await post('housing', HOUSING_ROWS, [
      { project: 'H-2', date: day(9), deliveredUnits: 300 },
      { project: 'H-2', date: day(8), deliveredUnits: 120 },
      { project: 'H-2', date: day(7), deliveredUnits: 120, correctionReason: '重新核定' },
    ]);
    const [a, b, c] = answer.data!.reportHousingDeliveryRows;
    expect(a!.event.type).toBe('HousingDeliveryReported');
    expect(b).toBeNull();
    expect(answer.errors?.[0]).toMatchObject({
      path: ['reportHousingDeliveryRows', 1],
      extensions: { code: 'BAD_USER_INPUT', confirm: 'FALLING_COUNT', current: 300 },
    });
    expect(c!.event).toMatchObject({ type: 'HousingDeliveryCorrected', isCorrection: true });
  });

  it('takes construction rows and refuses more rows than one call may carry, naming the limit', async () => {
    const month = day(0).slice(0, 7);
    const ok = await post('construction', PROGRESS_ROWS, [
      { project: 'P-1', period: month, investment: 800 },
      { project: 'P-2', period: month, investment: 650 },
    ]);
    expect(ok.data!.reportProjectProgressRows.map((r) => r!.event.entityId)).toEqual([`P-1:${month}`, `P-2:${month}`]);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ project: 'P-3', period: month, investment: i }));
    const refused = await post('construction', PROGRESS_ROWS, tooMany, { 'x-hub-lang': 'zh' });
    expect(refused.errors?.[0]).toMatchObject({
      message: '填报行：每次最多提交 50 行（提交了 51 行），其余请分批提交',
      extensions: { code: 'BAD_USER_INPUT', field: 'inputs' },
    });
    expect(refused.data).toBeNull();
  });
});

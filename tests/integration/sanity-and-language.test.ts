/**
 * What a reporter meets at the server: messages in their language (x-hub-lang
 * or Accept-Language), a falling or jumping cumulative count that needs a
 * reason and is then recorded as a correction, and the auditor's newest-first read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLang } from '../../functions/core/errors/localize.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

const HOUSING = `mutation($input: HousingDeliveryInput!) {
  reportHousingDelivery(input: $input) { event { seq type isCorrection data prev } }
}`;
const SORTING = `mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { seq } } }`;

interface Answer {
  data?: Record<string, { event: { seq: number; type: string; isCorrection: boolean; data: Record<string, unknown> } }>;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

describe("sanity checks and messages in the reporter's language", () => {
  let hub: TestHub;
  let housing: string;
  let sorting: string;
  let auditor: string;
  const post = async (token: string, query: string, variables: object, headers: Record<string, string> = {}) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Answer;
  };
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    housing = await hub.token('department', 'housing');
    sorting = await hub.token('department', 'sorting');
    auditor = await hub.token('auditor');
  });
  afterAll(() => hub.close());

  it('picks the language from x-hub-lang, else Accept-Language by weight, else English', () => {
    expect(requestLang(new Headers({ 'x-hub-lang': 'zh' }))).toBe('zh');
    expect(requestLang(new Headers({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }))).toBe('zh');
    expect(requestLang(new Headers({ 'accept-language': 'en;q=0.5, zh-TW;q=0.4' }))).toBe('en');
    expect(requestLang(new Headers({ 'accept-language': 'fr, zh;q=0.2' }))).toBe('zh');
    expect(requestLang(new Headers())).toBe('en');
  });

  it('answers a bad figure in Chinese without field names for a zh caller, in English otherwise', async () => {
    const input = { street: '410104001', date: '2026-11-02', coverageRate: 120, recoveryRate: 37 };
    const zh = await post(sorting, SORTING, { input }, { 'accept-language': 'zh-CN' });
    expect(zh.errors?.[0].message).toBe('分类覆盖率：须在 0 到 100 之间（填写的是 120）');
    expect(zh.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.coverageRate' });
    const en = await post(sorting, SORTING, { input });
    expect(en.errors?.[0].message).toBe('input.coverageRate: must be between 0 and 100 (got 120)');
    const unknown = await post(
      sorting,
      SORTING,
      { input: { ...input, street: '410104099', coverageRate: 98 } },
      {
        'x-hub-lang': 'zh',
      },
    );
    expect(unknown.errors?.[0].message).toBe('街道：没有编码为 410104099 的街道（管城区共 12 个街道）');
    const parts = { ...input, coverageRate: 98, compoundsTotal: 10, compoundsSorting: 11 };
    const part = await post(sorting, SORTING, { input: parts }, { 'x-hub-lang': 'zh' });
    expect(part.errors?.[0].message).toBe('开展分类小区数：不能超过小区总数（11 > 10）');
    expect(part.errors?.[0].message).not.toMatch(/[A-Za-z]/);
  });

  it('asks for a reason when a cumulative count falls, then records a correction with it', async () => {
    const first = await post(housing, HOUSING, { input: { project: 'H-1', date: '2026-11-01', deliveredUnits: 416 } });
    expect(first.data?.reportHousingDelivery.event.type).toBe('HousingDeliveryReported');
    const falling = { project: 'H-1', date: '2026-11-08', deliveredUnits: 100 };
    const refused = await post(housing, HOUSING, { input: falling }, { 'x-hub-lang': 'zh' });
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      confirm: 'FALLING_COUNT',
      current: 416,
    });
    expect(refused.errors?.[0].message).toContain('从 416 套（2026-11-01 填报）降到 100 套');
    const reason = '上周多报了 316 套未验收房源';
    const confirmed = await post(housing, HOUSING, { input: { ...falling, correctionReason: reason } });
    const e = confirmed.data?.reportHousingDelivery.event;
    expect(e).toMatchObject({ type: 'HousingDeliveryCorrected', isCorrection: true });
    expect(e?.data).toMatchObject({
      deliveredUnits: 100,
      correctionReason: reason,
      correctsReport: { date: '2026-11-01', deliveredUnits: 416 },
    });
    // A jump of more than 30% of the 500 units in one report needs a reason too; a normal step does not.
    const jump = await post(housing, HOUSING, { input: { project: 'H-1', date: '2026-11-15', deliveredUnits: 300 } });
    expect(jump.errors?.[0].extensions.confirm).toBe('LARGE_JUMP');
    const step = await post(housing, HOUSING, { input: { project: 'H-1', date: '2026-11-15', deliveredUnits: 150 } });
    expect(step.data?.reportHousingDelivery.event.type).toBe('HousingDeliveryReported');
  });

  it('reads the log newest first and pages backwards with before', async () => {
    const q = `query($before: Int) { events(domain: HOUSING, newestFirst: true, first: 2, before: $before) {
      endSeq pageInfo { hasNextPage } nodes { seq } } }`;
    type Page = { events: { endSeq: number; pageInfo: { hasNextPage: boolean }; nodes: { seq: number }[] } };
    const page1 = (await post(auditor, q, {})).data as unknown as Page;
    const seqs1 = page1.events.nodes.map((n) => n.seq);
    expect(seqs1[0]).toBeGreaterThan(seqs1[1]);
    expect(page1.events.pageInfo.hasNextPage).toBe(true);
    const page2 = (await post(auditor, q, { before: page1.events.endSeq })).data as unknown as Page;
    expect(page2.events.nodes[0].seq).toBe(seqs1[1] - 1);
  });
});

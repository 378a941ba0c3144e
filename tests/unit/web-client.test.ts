/**
 * The web client's pure parts: the form checks that mirror the server's rules,
 * reading config.json, old → new, dates in China Standard Time.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../web/src/config.js';
import { changes } from '../../web/src/diff.js';
import { eventsToCsv } from '../../web/src/views/audit/csv.js';
import {
  checkCount,
  checkPartOfTotal,
  checkPeriod,
  checkRate,
  checkReportDate,
  type Problem,
} from '../../web/src/views/report/validate.js';

const run = (fn: (problems: Problem[]) => void) => {
  const problems: Problem[] = [];
  fn(problems);
  return problems.map((p) => `${p.field}: ${p.en}`);
};

describe('report form checks', () => {
  it('mirror the server: rates 0–100, whole non-negative counts, real past dates, months up to now', () => {
    expect(run((p) => checkRate('coverageRate', 98.5, p))).toEqual([]);
    expect(run((p) => checkRate('coverageRate', 101, p))).toEqual(['coverageRate: must be between 0 and 100']);
    expect(run((p) => checkCount('deliveredUnits', 2.5, p))).toEqual(['deliveredUnits: must be a whole number']);
    expect(run((p) => checkCount('deliveredUnits', -1, p))).toEqual(['deliveredUnits: must not be negative']);
    expect(run((p) => checkReportDate('date', '2026-02-29', '2026-11-27', p))).toEqual([
      'date: must be a date YYYY-MM-DD',
    ]);
    expect(run((p) => checkReportDate('date', '2026-11-28', '2026-11-27', p))).toEqual([]);
    expect(run((p) => checkReportDate('date', '2026-11-29', '2026-11-27', p))).toEqual([
      'date: must not be in the future',
    ]);
    expect(run((p) => checkPeriod('period', '2026-12', '2026-11', p))).toEqual(['period: must not be a future month']);
    expect(run((p) => checkPartOfTotal('compoundsSorting', 'compoundsTotal', 90, 80, p))).toEqual([
      'compoundsSorting: must not exceed compoundsTotal',
    ]);
  });
});

describe('config.json', () => {
  it('resolves the embedded server relative URLs, with a ws: scheme for the socket', () => {
    const c = resolveConfig(
      { graphqlUrl: '/graphql', websocketUrl: '/graphql', auth: { mode: 'local' } },
      'http://localhost:4000/',
    );
    expect(c).toEqual({
      graphqlUrl: 'http://localhost:4000/graphql',
      websocketUrl: 'ws://localhost:4000/graphql',
      auth: { mode: 'local' },
      pollIntervalMs: 15_000,
      keepAliveMs: 200_000,
    });
    // The served keep-alive interval wins (the embedded runtime derives it from the gateway's idle timeout).
    expect(resolveConfig({ keepAliveMs: 1000 }, 'http://localhost:4000/').keepAliveMs).toBe(1000);
  });

  it('infers Cognito from a deploy-time config with a user pool, OIDC without one', () => {
    const base = 'https://d1.cloudfront.net/';
    const cognito = resolveConfig(
      {
        graphqlUrl: 'https://api.example/graphql',
        websocketUrl: 'https://ws.example/prod',
        auth: { issuer: 'https://idp', userPoolId: 'p' },
      },
      base,
    );
    expect(cognito).toMatchObject({ websocketUrl: 'wss://ws.example/prod', auth: { mode: 'cognito' } });
    expect(resolveConfig({ auth: { issuer: 'https://idp' } }, base).auth.mode).toBe('oidc');
  });
});

describe('old → new', () => {
  it('lists the fields a correction changed, and every field of a first report', () => {
    const prev = { street: '410104001', date: '2026-11-01', coverageRate: 97.5, recoveryRate: 38 };
    expect(changes(prev, { ...prev, coverageRate: 98.5 })).toEqual([{ field: 'coverageRate', old: 97.5, new: 98.5 }]);
    expect(changes(null, { deliveredUnits: 10 })).toEqual([{ field: 'deliveredUnits', old: undefined, new: 10 }]);
  });
});

describe('the audit CSV export', () => {
  it('quotes what needs quoting and keeps the hash chain', () => {
    const csv = eventsToCsv([
      {
        seq: 7,
        domain: 'HOUSING',
        type: 'HousingDeliveryCorrected',
        entityId: 'HS-01:2026-11-20',
        at: '2026-11-20T02:00:00.000Z',
        actor: 'zjj-1',
        cursor: 'x',
        actorInfo: { sub: 'zjj-1', role: 'DEPARTMENT', dept: 'housing' },
        data: { deliveredUnits: 120, note: '更正, "6套" 未验收' },
        prev: { deliveredUnits: 126 },
        isCorrection: true,
        hash: 'h7',
        prevHash: 'h6',
      } as never,
    ]);
    expect(csv.startsWith('\uFEFFseq,at,actor,role,dept,type,entityId,prev,data,prevHash,hash\r\n')).toBe(true);
    expect(csv).toContain(
      '7,2026-11-20T02:00:00.000Z,zjj-1,DEPARTMENT,housing,HousingDeliveryCorrected,HS-01:2026-11-20,',
    );
    expect(csv).toContain('"{""deliveredUnits"":126}"');
    expect(csv).toContain('"{""deliveredUnits"":120,""note"":""更正, \\""6套\\"" 未验收""}"');
    expect(csv.endsWith(',h6,h7\r\n')).toBe(true);
  });
});

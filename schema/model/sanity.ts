/**
 * Sanity checks a reporter can act on, shared by the server (which insists on
 * a reason before it records a suspicious figure) and the web client (which
 * asks before it sends). Pure: the caller passes the latest known value.
 *
 * - FALLING_COUNT: a cumulative count (housing units delivered) below the
 *   latest reported one, on a later date. Needs a reason; recorded as a correction.
 * - LARGE_JUMP: a cumulative count rising by more than JUMP_SHARE of the
 *   project's units in one report. Needs a reason; recorded as a correction.
 * - LOW_RATE: a sorting rate far below anything a street reports (coverage
 *   under LOW_COVERAGE, recovery under LOW_RECOVERY): a warning only.
 * - RATE_JUMP: a rate moving more than RATE_JUMP_POINTS from the street's
 *   latest value: a warning only.
 */
export type SanityRule = 'FALLING_COUNT' | 'LARGE_JUMP' | 'LOW_RATE' | 'RATE_JUMP';

export interface SanityFinding {
  rule: SanityRule;
  /** The field the finding is about, without the `input.` prefix. */
  field: string;
  /** True: the server refuses the figure unless a correctionReason comes with it. */
  needsReason: boolean;
  en: string;
  zh: string;
}

export const JUMP_SHARE = 0.3;
export const LOW_COVERAGE = 60;
export const LOW_RECOVERY = 10;
export const RATE_JUMP_POINTS = 20;

export interface LatestCount {
  value: number;
  /** Date of the latest report (YYYY-MM-DD); null: nothing reported yet. */
  date: string | null;
}

/** Housing delivered units against the project's latest report. */
export function housingSanity(latest: LatestCount | null, next: LatestCount, totalUnits: number): SanityFinding[] {
  // Only a report for a later day is compared: an earlier day is history, and the same day is a
  // correction of that day's figure, which shows old → new anyway.
  if (!latest?.date || !next.date || next.date <= latest.date) return [];
  if (next.value < latest.value) {
    return [
      {
        rule: 'FALLING_COUNT',
        field: 'deliveredUnits',
        needsReason: true,
        en: `falls from ${latest.value} (reported ${latest.date}) to ${next.value}; a cumulative count does not fall: give a correctionReason to record it as a correction`,
        zh: `从 ${latest.value} 套（${latest.date} 填报）降到 ${next.value} 套；累计数不应下降，如确需更正请填写更正原因后确认`,
      },
    ];
  }
  const jump = next.value - latest.value;
  if (jump > Math.max(1, Math.round(totalUnits * JUMP_SHARE))) {
    return [
      {
        rule: 'LARGE_JUMP',
        field: 'deliveredUnits',
        needsReason: true,
        en: `rises by ${jump} units (${latest.value} → ${next.value}) in one report, more than ${Math.round(JUMP_SHARE * 100)}% of the project's ${totalUnits}: give a correctionReason to confirm`,
        zh: `一次增加 ${jump} 套（${latest.value} → ${next.value}），超过项目总套数 ${totalUnits} 的 ${Math.round(JUMP_SHARE * 100)}%；请填写原因后确认`,
      },
    ];
  }
  return [];
}

export interface Rates {
  coverageRate: number;
  recoveryRate: number;
}

/** Sorting rates: warnings the reporter confirms in the page; the server accepts them. */
export function sortingSanity(latest: Rates | null, next: Rates): SanityFinding[] {
  const out: SanityFinding[] = [];
  if (next.coverageRate < LOW_COVERAGE)
    out.push({
      rule: 'LOW_RATE',
      field: 'coverageRate',
      needsReason: false,
      en: `coverage ${next.coverageRate}% is unusually low (below ${LOW_COVERAGE}%)`,
      zh: `覆盖率 ${next.coverageRate}% 明显偏低（低于 ${LOW_COVERAGE}%），请核实`,
    });
  if (next.recoveryRate < LOW_RECOVERY)
    out.push({
      rule: 'LOW_RATE',
      field: 'recoveryRate',
      needsReason: false,
      en: `recovery ${next.recoveryRate}% is unusually low (below ${LOW_RECOVERY}%)`,
      zh: `资源化利用率 ${next.recoveryRate}% 明显偏低（低于 ${LOW_RECOVERY}%），请核实`,
    });
  if (latest) {
    for (const field of ['coverageRate', 'recoveryRate'] as const) {
      const delta = Math.abs(next[field] - latest[field]);
      if (delta > RATE_JUMP_POINTS && !out.some((f) => f.field === field))
        out.push({
          rule: 'RATE_JUMP',
          field,
          needsReason: false,
          en: `moves ${delta.toFixed(1)} points from the latest ${latest[field]}%`,
          zh: `与最近一次的 ${latest[field]}% 相差 ${delta.toFixed(1)} 个百分点，请核实`,
        });
    }
  }
  return out;
}

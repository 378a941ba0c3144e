/**
 * The district's calendar. Guancheng is in Zhengzhou, on China Standard Time
 * (UTC+8 all year, no daylight saving): a report's `date`, "today" of a
 * dashboard and "the current month" are days there, not in UTC. Between 16:00
 * and 24:00 UTC the two calendars are a day apart; a server counting in UTC
 * would show yesterday's dashboard and refuse a morning report for "today".
 * The web client counts the same way (`web/src/format.ts`, `todayCst`).
 */
const CST_OFFSET_MS = 8 * 3_600_000;

/** YYYY-MM-DD of `now` in the district. */
export function districtDay(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** YYYY-MM of `now` in the district. */
export function districtMonth(now: Date): string {
  return districtDay(now).slice(0, 7);
}

/** The year of `now` in the district. */
export function districtYear(now: Date): number {
  return Number(districtDay(now).slice(0, 4));
}

/** The district day `days` after `day` (YYYY-MM-DD; negative goes back). */
export function addDistrictDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

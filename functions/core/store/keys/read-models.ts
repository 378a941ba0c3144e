/**
 * Keys of the domain read models (all under the RM# prefix, so the http
 * handler's write grant on read models cannot reach the log).
 */
export const RM = {
  /** One row per street: PK RM#STREET, SK code. */
  streets: () => 'RM#STREET',
  /** One row per construction project: PK RM#PROJ, SK code. */
  projects: () => 'RM#PROJ',
  /** One row per housing project: PK RM#HOUS, SK code. */
  housingProjects: () => 'RM#HOUS',
  /** Targets: PK RM#TARGET, SK <domain>#<year>#<metric>. */
  targets: () => 'RM#TARGET',
  /** Sorting monthly averages: PK RM#SORT#M#<YYYY-MM>, SK street. */
  sortingMonth: (month: string) => `RM#SORT#M#${month}`,
  /** Latest reported day per street: PK RM#SORT#LAST, SK street. */
  sortingLatest: () => 'RM#SORT#LAST',
  /** Investment completed per month: PK RM#CONS#M#<year>, SK MM. */
  investmentMonth: (year: string) => `RM#CONS#M#${year}`,
  /** Last event per domain, for staleness: PK RM#META, SK domain. */
  meta: () => 'RM#META',
} as const;

export const targetSk = (domain: string, year: number, metric: string) => `${domain}#${year}#${metric}`;

/**
 * Keys of the domain read models (all under the RM# prefix, so the http
 * handler's write grant on read models cannot reach the log). The entity
 * items, `RM#E#...`, are in entity-items.ts.
 */
import { PREFIX } from './prefixes.js';

const rm = (rest: string) => `${PREFIX.readModel}${rest}`;

export const RM = {
  /** One row per street: PK RM#STREET, SK code. */
  streets: () => rm('STREET'),
  /** One row per construction project: PK RM#PROJ, SK code. */
  projects: () => rm('PROJ'),
  /** One row per housing project: PK RM#HOUS, SK code. */
  housingProjects: () => rm('HOUS'),
  /** Targets: PK RM#TARGET, SK <domain>#<year>#<metric>. */
  targets: () => rm('TARGET'),
  /** Sorting monthly averages: PK RM#SORT#M#<YYYY-MM>, SK street. */
  sortingMonth: (month: string) => rm(`SORT#M#${month}`),
  /** Latest reported day per street: PK RM#SORT#LAST, SK street. */
  sortingLatest: () => rm('SORT#LAST'),
  /** Investment completed per month: PK RM#CONS#M#<year>, SK MM. */
  investmentMonth: (year: string) => rm(`CONS#M#${year}`),
  /** Last event per domain, for staleness: PK RM#META, SK domain. */
  meta: () => rm('META'),
} as const;

export const targetSk = (domain: string, year: number, metric: string) => `${domain}#${year}#${metric}`;

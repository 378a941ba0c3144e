/**
 * What a seed is: one ordered list of writes per log. Seeding appends them in
 * order, which is what lets a restart skip exactly the writes already made.
 */
import type {
  DomainName,
  HousingDeliveryInput,
  HousingProjectInput,
  ProjectInput,
  ProjectProgressInput,
  SortingReportInput,
  StreetInput,
  TargetInput,
} from '../../../schema/model.js';

export type SeedWrite =
  | { kind: 'street'; input: StreetInput }
  | { kind: 'target'; input: TargetInput }
  | { kind: 'project'; input: ProjectInput }
  | { kind: 'housingProject'; input: HousingProjectInput }
  | { kind: 'progress'; input: ProjectProgressInput }
  | { kind: 'sorting'; input: SortingReportInput }
  | { kind: 'housing'; input: HousingDeliveryInput };

export type SeedPlan = Record<DomainName, SeedWrite[]>;

/** A uniform random number in [0, 1); the demo uses one seeded stream so a plan is reproducible. */
export type Random = () => number;

/** `YYYY-MM-DD` of a UTC date. */
export const iso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

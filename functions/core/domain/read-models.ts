/** Reading the read models. Strongly consistent, so a write's caller sees its own projected result. */
import { GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type {
  HousingProject,
  Project,
  ReportDomain,
  SortingDay,
  SortingMonth,
  Street,
  Target,
} from '../../../schema/model.js';
import type { LogStore } from '../log/log-reader.js';
import type { Item } from '../projections/projection.js';
import { batchGet } from '../store/batch.js';
import { entityPartition } from '../store/keys/entity-items.js';
import { RM } from '../store/keys/read-models.js';
import { queryAll } from '../store/paging.js';

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

export class ReadModels {
  private readonly knownStreets = new Set<string>();

  constructor(private readonly store: LogStore) {}

  async get(PK: string, SK: string): Promise<Item | undefined> {
    const out = await this.store.ddb.send(
      new GetCommand({ TableName: this.store.table, Key: { PK, SK }, ConsistentRead: true }),
    );
    return out.Item;
  }

  async partition(PK: string, extra: Partial<QueryCommandInput> = {}): Promise<Item[]> {
    return queryAll(this.store.ddb, {
      TableName: this.store.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      ConsistentRead: true,
      ...extra,
    });
  }

  async streets(): Promise<Street[]> {
    return (await this.partition(RM.streets())).map(toStreet);
  }

  async street(code: string): Promise<Street | null> {
    const item = await this.get(RM.streets(), code);
    if (item) this.knownStreets.add(code);
    return item ? toStreet(item) : null;
  }

  /**
   * Whether a street code exists. Streets are never deleted, so a code once
   * seen stays valid and validation of the many daily reports skips the read.
   */
  async streetExists(code: string): Promise<boolean> {
    return this.knownStreets.has(code) || (await this.street(code)) !== null;
  }

  async projects(): Promise<Project[]> {
    return (await this.partition(RM.projects())).filter((i) => i.name).map(toProject);
  }

  /** Each project's report for one month (entity items, one BatchGet), for the projects that have one. */
  async projectPeriods(codes: string[], period: string): Promise<Item[]> {
    const keys = codes.map((code) => ({ PK: entityPartition('construction', code), SK: period }));
    return batchGet(this.store, keys, { consistentRead: true });
  }

  async project(code: string): Promise<Project | null> {
    const item = await this.get(RM.projects(), code);
    return item?.name ? toProject(item) : null;
  }

  async housingProjects(): Promise<HousingProject[]> {
    return (await this.partition(RM.housingProjects())).filter((i) => i.name).map(toHousing);
  }

  async housingProject(code: string): Promise<HousingProject | null> {
    const item = await this.get(RM.housingProjects(), code);
    return item?.name ? toHousing(item) : null;
  }

  async targets(): Promise<Target[]> {
    return (await this.partition(RM.targets())).map((i) => ({
      domain: i.domain as ReportDomain,
      year: i.year as number,
      metric: i.metric as string,
      value: i.value as number,
    }));
  }

  /** Every street's rates on a day: one BatchGet (per 100 streets) of the streets' entity items for that date. */
  async sortingOnDate(date: string): Promise<SortingDay[]> {
    const streets = await this.streets();
    const keys = streets.map((s) => ({ PK: entityPartition('sorting', s.code), SK: date }));
    // The store helper retries UnprocessedKeys: under throttling a street must not silently drop out.
    const items = await batchGet(this.store, keys, { consistentRead: true });
    return items.map((i) => {
      const d = i.data as Record<string, number | string>;
      return {
        street: d.street as string,
        date,
        coverageRate: d.coverageRate as number,
        recoveryRate: d.recoveryRate as number,
        seq: i.seq as number,
        updatedAt: i.updatedAt as string,
      };
    });
  }

  async sortingLatest(): Promise<SortingDay[]> {
    return (await this.partition(RM.sortingLatest())).map(toSortingDay);
  }

  async sortingMonth(month: string): Promise<SortingMonth[]> {
    return (await this.partition(RM.sortingMonth(month))).map(toSortingMonth);
  }

  async investmentMonths(year: number): Promise<{ month: string; investment: number }[]> {
    return (await this.partition(RM.investmentMonth(String(year)))).map((i) => ({
      month: i.month as string,
      investment: i.investment as number,
    }));
  }

  async meta(): Promise<Map<string, { lastUpdated: string; seq: number }>> {
    const items = await this.partition(RM.meta());
    return new Map(items.map((i) => [i.SK as string, { lastUpdated: i.lastUpdated as string, seq: i.seq as number }]));
  }

  /** One page of an entity's history (a street's days, a project's periods), oldest first. */
  async entityHistory(
    domain: ReportDomain,
    root: string,
    opts: { from?: string | null; to?: string | null; after?: string | null; first: number },
  ): Promise<{ items: Item[]; hasNextPage: boolean }> {
    const lower = [opts.from ?? '', opts.after ? `${opts.after}\u0000` : ''].sort().at(-1) || '0';
    const upper = opts.to ?? '9999';
    const items = await queryAll(
      this.store.ddb,
      {
        TableName: this.store.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': entityPartition(domain, root), ':lo': lower, ':hi': upper },
        ConsistentRead: true,
        Limit: opts.first + 1,
      },
      opts.first + 1,
    );
    return { items: items.slice(0, opts.first), hasNextPage: items.length > opts.first };
  }
}

export const toStreet = (i: Item): Street => ({
  code: i.code as string,
  name: i.name as string,
  nameEn: i.nameEn as string,
});

export const toProject = (i: Item): Project => ({
  code: i.code as string,
  name: i.name as string,
  category: i.category as Project['category'],
  street: i.street as string,
  totalInvestment: i.totalInvestment as number,
  plannedInvestment: i.plannedInvestment as number,
  year: i.year as number,
  status: i.status as Project['status'],
  responsibleUnit: i.responsibleUnit as string,
  plannedStart: (i.plannedStart as string) ?? null,
  projectCount: (i.projectCount as number) ?? 1,
  investmentYtd: round((i.ytd as Record<string, number> | undefined)?.[String(i.year)] ?? 0),
  lastPeriod: (i.lastPeriod as string) ?? null,
  updatedAt: (i.updatedAt as string) ?? null,
});

export const toHousing = (i: Item): HousingProject => ({
  code: i.code as string,
  name: i.name as string,
  street: i.street as string,
  kind: i.kind as HousingProject['kind'],
  totalUnits: i.totalUnits as number,
  deliveredUnits: (i.deliveredUnits as number) ?? 0,
  status: i.status as HousingProject['status'],
  resumeDeadline: (i.resumeDeadline as string) ?? null,
  deliveryDeadline: i.deliveryDeadline as string,
  lastReportDate: (i.lastReportDate as string) ?? null,
  updatedAt: (i.updatedAt as string) ?? null,
});

export const toSortingDay = (i: Item): SortingDay => ({
  street: i.street as string,
  date: i.date as string,
  coverageRate: i.coverageRate as number,
  recoveryRate: i.recoveryRate as number,
  seq: i.seq as number,
  updatedAt: i.updatedAt as string,
});

export const toSortingMonth = (i: Item): SortingMonth => {
  const days = (i.days as number) || 0;
  return {
    street: i.street as string,
    month: i.month as string,
    coverageRate: days ? round((i.sumCoverage as number) / days) : 0,
    recoveryRate: days ? round((i.sumRecovery as number) / days) : 0,
    days,
  };
};

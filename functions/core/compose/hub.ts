/**
 * Composes the hub: the log writer, the projector, the read models and the
 * services the schema's resolvers call, over one store client. The Http,
 * Stream and Ws entries, the embedded runtime, the local tools and tests build
 * their hub here; the Sweep and the authorizer need none of it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HubServices } from '../../../schema/services.js';
import { auditService } from '../domain/audit.js';
import { ReadModels } from '../domain/read-models.js';
import { readService } from '../domain/reads.js';
import { referenceService } from '../domain/reference.js';
import { reportService } from '../domain/reports.js';
import type { WriteDeps } from '../domain/writes.js';
import { LogEpoch } from '../log/log-epoch.js';
import type { LogStore } from '../log/log-reader.js';
import { LogWriter, type LogWriterOptions } from '../log/log-writer.js';
import { type Logger, silentLogger } from '../logger.js';
import { Projector, type ProjectorOptions } from '../projections/projector.js';
import type { Base } from './base.js';

export interface HubDeps {
  ddb: DynamoDBDocumentClient;
  hubTable: string;
  projectOnWrite?: boolean;
  logger?: Logger;
  now?: () => Date;
  writer?: LogWriterOptions;
  projector?: ProjectorOptions;
  /** Share another hub's projector so two writers in one process do not project the same domain at once. */
  sharedProjector?: Projector;
}

export interface Hub {
  store: LogStore;
  /** Which life of the store the logs belong to (read once, cached). */
  epoch: LogEpoch;
  writer: LogWriter;
  projector: Projector;
  models: ReadModels;
  services: HubServices;
  logger: Logger;
  now: () => Date;
}

export function composeHub(deps: HubDeps): Hub {
  const store: LogStore = { ddb: deps.ddb, table: deps.hubTable };
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const writer = new LogWriter(store, { now, ...deps.writer });
  const projector = deps.sharedProjector ?? new Projector(store, deps.projector);
  const models = new ReadModels(store);
  const epoch = new LogEpoch(store, now);
  const writeDeps: WriteDeps = { writer, projector, projectOnWrite: deps.projectOnWrite ?? true, logger, now };
  return {
    store,
    epoch,
    writer,
    projector,
    models,
    logger,
    now,
    services: {
      reports: reportService(writeDeps, models),
      reference: referenceService(writeDeps, models),
      read: readService(models, store, now, epoch),
      audit: auditService(store),
    },
  };
}

/** The hub of a Lambda entry: the base's store client and logger, the table and write settings of its config. */
export function composeHubOnBase(base: Base, overrides: Partial<HubDeps> = {}): Hub {
  const { config, ddb, logger } = base;
  return composeHub({ ddb, hubTable: config.hubTable, projectOnWrite: config.projectOnWrite, logger, ...overrides });
}

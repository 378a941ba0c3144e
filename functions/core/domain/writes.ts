/**
 * The shared tail of every write: append to the log, then (when configured)
 * bring the domain's read models up to date so the caller can read its own
 * write. Projection failures after a successful append are logged, not
 * returned: the event is acknowledged and the stream projector will apply it.
 */
import type { Actor, DomainName, HubEventRecord, Principal } from '../../../schema/model.js';
import type { AppendRequest, LogWriter } from '../log/log-writer.js';
import type { Logger } from '../logger.js';
import type { Projector } from '../projections/projector.js';

export interface WriteDeps {
  writer: LogWriter;
  projector: Projector;
  projectOnWrite: boolean;
  logger: Logger;
  now: () => Date;
}

export const actorOf = (p: Principal): Actor => ({ sub: p.sub, role: p.role, ...(p.dept ? { dept: p.dept } : {}) });

/** Event type names per kind of write: the first value of an entity, and a correction of it. */
export const EVENT_TYPES = {
  sorting: { first: 'SortingRateReported', correction: 'SortingRateCorrected' },
  progress: { first: 'ProjectProgressReported', correction: 'ProjectProgressCorrected' },
  delivery: { first: 'HousingDeliveryReported', correction: 'HousingDeliveryCorrected' },
  street: { first: 'StreetRegistered', correction: 'StreetUpdated' },
  project: { first: 'ProjectRegistered', correction: 'ProjectUpdated' },
  housingProject: { first: 'HousingProjectRegistered', correction: 'HousingProjectUpdated' },
  target: { first: 'TargetSet', correction: 'TargetChanged' },
} as const satisfies Record<string, AppendRequest['type']>;

export interface WriteRequest {
  domain: DomainName;
  entityId: string;
  data: Record<string, unknown>;
  kind: keyof typeof EVENT_TYPES;
  idempotencyKey: string | null;
  /** Record the event with the correction type even when the entity has no value yet (a confirmed sanity finding). */
  asCorrection?: boolean;
}

export async function write(deps: WriteDeps, principal: Principal, req: WriteRequest): Promise<HubEventRecord> {
  const { domain, entityId, data, kind, idempotencyKey } = req;
  const event = await deps.writer.append({
    domain,
    actor: actorOf(principal),
    entityId,
    data,
    type: req.asCorrection
      ? { first: EVENT_TYPES[kind].correction, correction: EVENT_TYPES[kind].correction }
      : EVENT_TYPES[kind],
    idempotencyKey,
  });
  if (deps.projectOnWrite) {
    try {
      await deps.projector.catchUp(domain);
    } catch (err) {
      deps.logger.warn('projection after write failed; the stream projector will retry', {
        domain,
        seq: event.seq,
        err,
      });
    }
  }
  return event;
}

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

export async function write(
  deps: WriteDeps,
  principal: Principal,
  domain: DomainName,
  entityId: string,
  data: Record<string, unknown>,
  type: AppendRequest['type'],
  idempotencyKey: string | null,
): Promise<HubEventRecord> {
  const event = await deps.writer.append({ domain, actor: actorOf(principal), entityId, data, type, idempotencyKey });
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

/**
 * The sweeper (a scheduled job): closes connections that never completed
 * `connection_init` in time (4408) and deletes rows past their TTL, which
 * DynamoDB deletes only eventually (and dynalite never).
 *
 * It Scans, with a filter, on purpose: it runs every few minutes over a table
 * that holds one row per connection and per subscription·topic — thousands
 * for a district, a few read units per sweep. A time-bucketed index would add
 * a write to every connect and ack on the hot path to save that. Readers never
 * depend on the sweeper: they already ignore expired rows.
 */
import { CloseCode } from 'graphql-ws';
import type { Logger } from '../../logger.js';
import type { ConnectionStore } from './connection-store.js';
import type { SocketFactory } from './socket.js';

export interface SweepDeps {
  store: ConnectionStore;
  socketFor: SocketFactory;
  logger: Logger;
  now: () => number;
}

export interface SweepResult {
  initTimeouts: number;
  expiredConnections: number;
  expiredRows: number;
}

export async function sweep(deps: SweepDeps): Promise<SweepResult> {
  const result: SweepResult = { initTimeouts: 0, expiredConnections: 0, expiredRows: 0 };
  for await (const row of deps.store.sweepable(deps.now())) {
    if (row.kind === 'connection') {
      const socket = deps.socketFor(row.connection.connectionId);
      // A gone or already closed socket is fine: the rows go either way.
      if (row.reason === 'init-timeout') {
        await socket
          .close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout')
          .catch(() => {});
        result.initTimeouts++;
      } else {
        await socket.close(1001, 'Connection expired').catch(() => {});
        result.expiredConnections++;
      }
    } else {
      result.expiredRows++;
    }
    await deps.store.deleteRow(row);
  }
  if (result.initTimeouts + result.expiredConnections + result.expiredRows > 0)
    deps.logger.info('swept', { ...result });
  return result;
}

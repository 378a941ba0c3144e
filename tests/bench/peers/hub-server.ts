/**
 * This hub under benchmark: the embedded runtime as `npm start` runs it
 * (local gateway → Ws function; stream → Stream function's fan-out →
 * management API), in memory, with the 12 streets registered. `latencyMs`
 * delays every PostToConnection (infra/local/aws/management-faults.ts), the
 * AWS model's stand-in for API Gateway's own post latency.
 */
import { DEFAULT_LIMITS } from '../../../functions/core/limits/hub-limits.js';
import { createLogger } from '../../../functions/core/logger.js';
import { startEmbedded } from '../../../infra/local/embedded.js';
import { signLocalToken } from '../../../infra/local/local-keys.js';
import { STREETS } from '../../../infra/local/seed/streets.js';
import { ADMIN } from '../../helpers/test-hub.js';
import type { PeerServer } from './peer-server.js';

export async function startHubServer(opts: { latencyMs: number; webRoot?: string }): Promise<PeerServer> {
  const hub = await startEmbedded({
    memory: true,
    ephemeralKeys: true,
    port: 0,
    seed: false,
    logger: createLogger('error', {}, () => {}),
    // One screen token stands for every subscriber here (as in the baseline): the per-principal caps
    // would refuse the 101st connection. The limits are still counted (their store writes are the hub's
    // real cost), just set out of reach.
    configure: {
      limits: {
        ...DEFAULT_LIMITS,
        connectionsPerPrincipal: 1_000_000,
        subscribes: { limit: 1_000_000, windowSeconds: 60 },
        connectionAttempts: { limit: 1_000_000, windowSeconds: 60 },
      },
    },
    ...(opts.webRoot ? { webRoot: opts.webRoot } : {}),
    ...(opts.latencyMs > 0 ? { ws: { managementFaults: { latencyMs: opts.latencyMs } } } : {}),
  });
  for (const s of STREETS) await hub.runtime.hub.services.reference.upsertStreet(ADMIN, { ...s });
  return {
    url: hub.url,
    token: (role, dept) => signLocalToken(hub.keys.privateKeyPem, { role, dept, sub: `bench-${role}` }),
    close: () => hub.close(),
  };
}

/**
 * This hub under benchmark: the embedded runtime as `npm start` runs it
 * (local gateway → Ws function; stream → Stream function's fan-out →
 * management API), in memory, with the 12 streets registered. `latencyMs`
 * delays every PostToConnection (infra/local/aws/management-faults.ts), the
 * AWS model's stand-in for API Gateway's own post latency.
 */
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
    // The deployed limits (DEFAULT_LIMITS): every raw subscriber is its own principal (peer-process.ts
    // screenTokens), as screens are, so no per-principal cap or rate is near.
    ...(opts.webRoot ? { webRoot: opts.webRoot } : {}),
    ...(opts.latencyMs > 0 ? { ws: { managementFaults: { latencyMs: opts.latencyMs } } } : {}),
  });
  for (const s of STREETS) await hub.runtime.hub.services.reference.upsertStreet(ADMIN, { ...s });
  return {
    url: hub.url,
    token: (role, dept, sub) => signLocalToken(hub.keys.privateKeyPem, { role, dept, sub: sub ?? `bench-${role}` }),
    close: () => hub.close(),
  };
}

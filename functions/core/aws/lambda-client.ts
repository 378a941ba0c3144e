/**
 * The Lambda API client a function invokes other functions with, made once per
 * process (per endpoint and signer) and kept alive between invocations, as the
 * management client is (realtime/connections/apigw-socket.ts).
 *
 * On AWS it signs with the function's role from the environment Lambda sets.
 * The embedded runtime points it at its local Lambda API (`lambdaEndpoint`)
 * and gives each emulated function credentials naming it, so that API checks
 * the caller's manifest `invokes` as IAM would check its role's policy.
 *
 * No SDK retries: a retried synchronous invocation that had already run would
 * post twice. The caller retries only what never ran (invoked-shards.ts).
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { HubConfig } from '../config/config.js';

/** Invocations in flight per process: above the shards of the largest group a pass runs at once. */
const MAX_SOCKETS = 128;

const clients = new Map<string, LambdaClient>();

export function createLambdaClient(config: Pick<HubConfig, 'region' | 'lambdaEndpoint' | 'credentials'>): LambdaClient {
  const key = `${config.region} ${config.lambdaEndpoint ?? ''} ${config.credentials?.accessKeyId ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    const agent = { keepAlive: true, maxSockets: MAX_SOCKETS };
    client = new LambdaClient({
      region: config.region,
      ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      maxAttempts: 1,
      requestHandler: { httpAgent: new HttpAgent(agent), httpsAgent: new HttpsAgent(agent) },
    });
    clients.set(key, client);
  }
  return client;
}

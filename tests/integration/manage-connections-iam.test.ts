/**
 * Emulated IAM on the local management API (`@connections`): each fleet
 * function signs its posts and closes with its own credentials
 * (local-credentials.ts), and a function whose manifest entry does not say
 * `managesConnections` is refused, as its role would be on AWS (the stack
 * grants execute-api:ManageConnections from the same flag). The refusal is
 * recorded in `hub.fleet.denials`; the lean, signed posts
 * (signed-post.ts) and the SDK's closes are both checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewaySockets, createManagementClient } from '../../functions/core/realtime/connections/apigw-socket.js';
import { PostFailedError } from '../../functions/core/realtime/connections/signed-post.js';
import { GoneError } from '../../functions/core/realtime/connections/socket.js';
import { functionSpec } from '../../functions/manifest.js';
import { localCredentialsFor } from '../../infra/local/aws/local-credentials.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

describe('who may post to and close WebSocket connections', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub?.close());

  const socketAs = (fn: string) =>
    apiGatewaySockets(
      createManagementClient(hub.config.wsManagementEndpoint as string, hub.config.region, localCredentialsFor(fn)),
    )('no-such-connection');

  it('lets the functions that manage connections through (an unknown connection is then 410)', async () => {
    for (const fn of ['Stream', 'Deliver', 'Ws', 'Sweep']) {
      expect(functionSpec(fn).managesConnections).toBe(true);
      await expect(socketAs(fn).send('{}')).rejects.toBeInstanceOf(GoneError);
    }
    expect(hub.fleet.denials).toEqual([]);
  });

  it('refuses the Http function, whose role has no execute-api:ManageConnections, and records it', async () => {
    expect(functionSpec('Http').managesConnections).toBeFalsy();
    const post = socketAs('Http').send('{}');
    await expect(post).rejects.toBeInstanceOf(PostFailedError);
    await expect(post).rejects.toMatchObject({ statusCode: 403 });
    await expect(socketAs('Http').close(1000, 'bye')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(hub.fleet.denials.map((d) => [d.functionName, d.request.action])).toEqual([
      ['Http', 'execute-api:ManageConnections'],
      ['Http', 'execute-api:ManageConnections'],
    ]);
    expect(hub.fleet.denials[0].message).toMatch(
      /assumed-role\/Http\/Http is not authorized to perform: execute-api:ManageConnections/,
    );
  });
});

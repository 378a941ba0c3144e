/**
 * RealtimeSocket over the API Gateway management API (PostToConnection,
 * DeleteConnection). The embedded runtime's local gateway serves the same API,
 * so this adapter is used in both runtimes.
 *
 * Close codes: DeleteConnection carries no close code, so on AWS the client
 * sees API Gateway's own close frame (1000/1001 family), never 4403, 4408 etc.
 * The code and reason are still sent as `x-close-code` / `x-close-reason`
 * headers, which AWS ignores and the local gateway delivers.
 *
 * Cost per post: one client per endpoint for the whole process (not per
 * invocation or per emulated instance), its sockets kept alive between posts
 * and events (no TCP/TLS handshake per post), no logging on the success path,
 * and the message body is the text the fan-out serialized once per payload
 * (send-next.ts): the only per-post work is the id prefix and the request,
 * signed and sent without the SDK's middleware stack (signed-post.ts: a
 * quarter of the CPU per post). Closes are rare and keep the SDK's command.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createConnection, type NetConnectOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiGatewayManagementApiClient, DeleteConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { type PostToConnection, signedPoster } from './signed-post.js';
import type { SocketFactory } from './socket.js';

/**
 * Sockets per endpoint: above the posts any delivery pass keeps in flight, so
 * a post never waits for a socket; idle ones stay open for the next event.
 */
const MAX_SOCKETS_PER_ENDPOINT = 256;
const KEEP_ALIVE_MS = 30_000;

/** A management client and the poster that shares its configuration and sockets. */
export interface ManagementClient {
  client: ApiGatewayManagementApiClient;
  post: PostToConnection;
}

const clients = new Map<string, ManagementClient>();
const agentsByEndpoint = new Map<string, { http: HttpAgent; https: HttpsAgent }>();

/**
 * Endpoints whose connections are made in memory: the embedded runtime's local gateway
 * (infra/local/local-server.ts `connectInMemory`). Looked up at each new connection, so a gateway
 * that closed (and another that took its port) is never reached through a stale entry.
 */
const inMemoryEndpoints = new Map<string, () => Duplex>();

/**
 * Carries the posts to `endpoint` over `connect()`'s in-memory streams instead of TCP: the same signed
 * HTTP/1.1 requests and answers, without the kernel's loopback (README, "Benchmarks"). Returns the undo.
 * Never called on AWS, where the endpoint is API Gateway's.
 */
export function carryEndpointInMemory(endpoint: string, connect: () => Duplex): () => void {
  inMemoryEndpoints.set(endpoint, connect);
  return () => {
    if (inMemoryEndpoints.get(endpoint) === connect) inMemoryEndpoints.delete(endpoint);
  };
}

/** An http.Agent that connects in memory while its endpoint is carried so, else over TCP as any agent. */
class EndpointAgent extends HttpAgent {
  constructor(
    private readonly endpoint: string,
    options: ConstructorParameters<typeof HttpAgent>[0],
  ) {
    super(options);
  }

  override createConnection(options: NetConnectOpts, onConnect?: (err: Error | null, socket: Duplex) => void): Duplex {
    const inMemory = inMemoryEndpoints.get(this.endpoint);
    if (inMemory) return inMemory();
    return createConnection(options, onConnect as () => void);
  }
}

type Credentials = { accessKeyId: string; secretAccessKey: string };

/**
 * The management client for an endpoint (and signer), made once per process and reused by every
 * caller; its sockets are the endpoint's, shared by every signer. `credentials`: the embedded
 * runtime's per-function keys (config `credentials`), which its local `@connections` checks
 * against the manifest's `managesConnections`; on AWS none, the role's.
 */
export function createManagementClient(endpoint: string, region: string, credentials?: Credentials): ManagementClient {
  const key = `${region} ${endpoint} ${credentials?.accessKeyId ?? ''}`;
  let made = clients.get(key);
  if (!made) {
    const agent = { keepAlive: true, keepAliveMsecs: KEEP_ALIVE_MS, maxSockets: MAX_SOCKETS_PER_ENDPOINT };
    const agents = agentsByEndpoint.get(endpoint) ?? {
      http: new EndpointAgent(endpoint, agent),
      https: new HttpsAgent(agent),
    };
    agentsByEndpoint.set(endpoint, agents);
    const client = new ApiGatewayManagementApiClient({
      endpoint,
      region,
      // A plain-http endpoint is the local gateway: any key signs for a caller that is not a fleet function.
      ...(credentials
        ? { credentials }
        : endpoint.startsWith('http://')
          ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
          : {}),
      maxAttempts: 2,
      requestHandler: { httpAgent: agents.http, httpsAgent: agents.https },
    });
    made = { client, post: signedPoster(client, agents) };
    clients.set(key, made);
  }
  return made;
}

const errorName = (err: unknown) => (err as { name?: string }).name ?? '';
const status = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export function apiGatewaySockets({ client, post }: ManagementClient): SocketFactory {
  return (connectionId) => ({
    send: (message) => post(connectionId, message),
    async close(code, reason) {
      const command = new DeleteConnectionCommand({ ConnectionId: connectionId });
      command.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers: Record<string, string> };
          request.headers['x-close-code'] = String(code);
          request.headers['x-close-reason'] = encodeURIComponent(reason);
          return next(args);
        },
        { step: 'build', name: 'closeCodeHeaders' },
      );
      try {
        await client.send(command);
      } catch (err) {
        if (errorName(err) === 'GoneException' || status(err) === 410) return;
        throw err;
      }
    },
  });
}

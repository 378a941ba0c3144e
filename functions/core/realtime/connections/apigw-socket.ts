/**
 * RealtimeSocket over the API Gateway management API (PostToConnection,
 * DeleteConnection). The embedded runtime's local gateway serves the same API,
 * so this adapter is used in both runtimes.
 *
 * Close codes: DeleteConnection carries no close code, so on AWS the client
 * sees API Gateway's own close frame (1000/1001 family), never 4403, 4408 etc.
 * The code and reason are still sent as `x-close-code` / `x-close-reason`
 * headers, which AWS ignores and the local gateway delivers.
 */
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { GoneError, PayloadTooLargeError, type SocketFactory } from './socket.js';

export function createManagementClient(endpoint: string, region: string): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({
    endpoint,
    region,
    // A plain-http endpoint is the local gateway: it does not check signatures.
    ...(endpoint.startsWith('http://') ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
  });
}

const errorName = (err: unknown) => (err as { name?: string }).name ?? '';
const status = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export function apiGatewaySockets(client: ApiGatewayManagementApiClient): SocketFactory {
  return (connectionId) => ({
    async send(message) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(message) }));
      } catch (err) {
        if (errorName(err) === 'GoneException' || status(err) === 410)
          throw new GoneError(connectionId, { cause: err });
        if (errorName(err) === 'PayloadTooLargeException' || status(err) === 413) {
          throw new PayloadTooLargeError(connectionId, Buffer.byteLength(message), { cause: err });
        }
        throw err;
      }
    },
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

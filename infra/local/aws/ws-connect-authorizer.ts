/**
 * API Gateway's `$connect` REQUEST authorizer stage of a WebSocket upgrade:
 * it runs the authorizer (functions/core/realtime/protocol/connect-auth.ts,
 * as the stack wires it on AWS) on the upgrade's query string; a Deny
 * refuses the upgrade with 403 and a failing authorizer with 500, and the
 * `$connect` handler never hears of either. An Allow yields the
 * `requestContext.authorizer` of every event of that connection.
 */
import type { Duplex } from 'node:stream';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { Logger } from '../../../functions/core/logger.js';
import { type ConnectAuthRequest, isAllowed } from '../../../functions/core/realtime/protocol/connect-auth.js';

export type ConnectAuthorizer = (request: ConnectAuthRequest) => Promise<APIGatewayAuthorizerResult>;

/** The `methodArn` the authorizer sees locally (API Gateway's shape, a local account and API). */
const LOCAL_CONNECT_ARN = 'arn:aws:execute-api:local:000000000000:local/local/$connect';

/** What API Gateway answers a refused upgrade with; the handler is not invoked. */
export const refuseUpgrade = (socket: Duplex, status: number, text: string) =>
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

/** API Gateway's `requestContext.authorizer` of a Lambda REQUEST authorizer: its context plus the principal id. */
const authorizerContext = (result: APIGatewayAuthorizerResult, latencyMs: number): Record<string, unknown> => ({
  ...result.context,
  principalId: result.principalId,
  integrationLatency: latencyMs,
});

/** The connection's `requestContext.authorizer`, or null once the upgrade was refused. */
export async function authorizeUpgrade(
  authorize: ConnectAuthorizer,
  socket: Duplex,
  query: Record<string, string>,
  logger: Logger,
): Promise<Record<string, unknown> | null> {
  const started = Date.now();
  try {
    const result = await authorize({ methodArn: LOCAL_CONNECT_ARN, queryStringParameters: query });
    if (isAllowed(result)) return authorizerContext(result, Date.now() - started);
    refuseUpgrade(socket, 403, 'Forbidden');
  } catch (err) {
    // API Gateway answers an authorizer that fails with 500 and does not invoke $connect.
    logger.error('ws $connect authorizer failed', { err });
    refuseUpgrade(socket, 500, 'Internal Server Error');
  }
  return null;
}

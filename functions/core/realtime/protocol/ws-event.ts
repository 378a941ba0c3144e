/**
 * API Gateway WebSocket events → the protocol core. The Lambda entry and the
 * local gateway both call this.
 */
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import { logHandledFailure } from '../../handled-failures.js';
import { inRequestScope } from '../../logger.js';
import { decodeConnectAuth, decodeConnectExpiry } from './connect-auth.js';
import type { ProtocolDeps } from './context.js';
import { handleConnect, handleDisconnect, handleMessage } from './dispatcher.js';

/** The parts of an API Gateway WebSocket event the handler reads. */
export interface WsEvent {
  requestContext: {
    routeKey: string;
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
    connectionId: string;
    /** API Gateway's id of this message's request (on AWS; the embedded gateway may omit it). */
    requestId?: string;
    /** Context of the `$connect` authorizer (connect-auth.ts), as API Gateway passes it on every route. */
    authorizer?: Record<string, unknown> | null;
  };
  headers?: Record<string, string | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface WsResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The part of Lambda's invocation context the handler reads. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

/** Lambda passes the context; a caller without one (the local gateway, tests) may omit it. */
export type WsHandler = (event: WsEvent, context?: Partial<InvocationContext>) => Promise<WsResult>;

function header(headers: WsEvent['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function makeWsHandler(protocol: ProtocolDeps): WsHandler {
  const handle = async (event: WsEvent, context?: Partial<InvocationContext>): Promise<WsResult> => {
    // The deadline is per invocation: long steps (the back-fill) budget by it.
    const remaining = context?.getRemainingTimeInMillis?.bind(context);
    const deps: ProtocolDeps = remaining ? { ...protocol, remainingMs: () => remaining() } : protocol;
    const { connectionId, eventType } = event.requestContext;
    try {
      if (eventType === 'CONNECT') {
        const offered = (header(event.headers, 'sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
        // API Gateway only completes a subprotocol handshake the $connect response echoes.
        if (!offered.includes(GRAPHQL_TRANSPORT_WS_PROTOCOL)) {
          return { statusCode: 400, body: `Subprotocol ${GRAPHQL_TRANSPORT_WS_PROTOCOL} required` };
        }
        // The authorizer ran before this route and already refused a bad `?token=`.
        const { authorizer } = event.requestContext;
        await handleConnect(deps, {
          connectionId,
          authorized: decodeConnectAuth(authorizer),
          tokenExpiresAt: decodeConnectExpiry(authorizer),
        });
        return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': GRAPHQL_TRANSPORT_WS_PROTOCOL } };
      }
      if (eventType === 'DISCONNECT') {
        await handleDisconnect(deps, connectionId);
        return { statusCode: 200 };
      }
      const body = event.isBase64Encoded
        ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
        : (event.body ?? '');
      await handleMessage(deps, connectionId, body);
      return { statusCode: 200 };
    } catch (err) {
      // Answered 500, not thrown: no Lambda error, so the failure's metric is what alarms.
      logHandledFailure(deps.logger, 'wsHandlerFailure', 'ws handler failed', { connectionId, eventType, err });
      if (eventType === 'MESSAGE') {
        await deps
          .socketFor(connectionId)
          .close(CloseCode.InternalServerError, 'Internal server error')
          .catch(() => {});
      }
      return { statusCode: 500 };
    }
  };
  // Every log line of the invocation carries its request id (logger.ts).
  return (event, context) =>
    inRequestScope({ requestId: event.requestContext.requestId, awsRequestId: context?.awsRequestId }, () =>
      handle(event, context),
    );
}

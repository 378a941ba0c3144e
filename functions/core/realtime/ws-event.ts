/**
 * API Gateway WebSocket events → the protocol core. The Lambda entry and the
 * local gateway both call this.
 */
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import type { Principal, ReportDomain, Role } from '../../../schema/model.js';
import { handleConnect, handleDisconnect, handleMessage, type ProtocolDeps } from './protocol.js';

/** The parts of an API Gateway WebSocket event the handler reads. */
export interface WsEvent {
  requestContext: {
    routeKey: string;
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
    connectionId: string;
    /** Context of the `$connect` REQUEST authorizer (functions/ws-authorize.ts). */
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

export type WsHandler = (event: WsEvent) => Promise<WsResult>;

function authorizedPrincipal(context: Record<string, unknown> | null | undefined): Principal | null {
  if (context?.authenticated !== 'true' || typeof context.sub !== 'string') return null;
  return {
    sub: context.sub,
    role: context.role as Role,
    ...(typeof context.dept === 'string' ? { dept: context.dept as ReportDomain } : {}),
  };
}

function header(headers: WsEvent['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function makeWsHandler(deps: ProtocolDeps): WsHandler {
  return async (event) => {
    const { connectionId, eventType } = event.requestContext;
    try {
      if (eventType === 'CONNECT') {
        const offered = (header(event.headers, 'sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
        // API Gateway only completes a subprotocol handshake the $connect response echoes.
        if (!offered.includes(GRAPHQL_TRANSPORT_WS_PROTOCOL)) {
          return { statusCode: 400, body: `Subprotocol ${GRAPHQL_TRANSPORT_WS_PROTOCOL} required` };
        }
        await handleConnect(deps, {
          connectionId,
          token: event.queryStringParameters?.token ?? null,
          authorized: authorizedPrincipal(event.requestContext.authorizer),
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
      deps.logger.error('ws handler failed', { connectionId, eventType, err });
      if (eventType === 'MESSAGE') {
        await deps
          .socketFor(connectionId)
          .close(CloseCode.InternalServerError, 'Internal server error')
          .catch(() => {});
      }
      return { statusCode: 500 };
    }
  };
}

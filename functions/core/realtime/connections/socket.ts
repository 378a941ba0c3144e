import { API_GATEWAY_WEBSOCKET } from '../../aws/service-limits.js';
/**
 * The only thing the protocol core and the fan-out know about a connection:
 * send a text message, close it with a code. Transports are short adapters
 * (API Gateway's management API in apigw-socket.ts; the local gateway speaks
 * the same management API, so it needs no adapter of its own).
 */
export interface RealtimeSocket {
  /** Sends one text message. Rejects with GoneError when the connection no longer exists. */
  send(message: string): Promise<void>;
  /**
   * Closes the connection. The protocol core always passes the graphql-ws close
   * code it decided; whether the client sees it depends on the transport (on
   * AWS a close is DeleteConnection, which carries no code).
   */
  close(code: number, reason: string): Promise<void>;
}

export type SocketFactory = (connectionId: string) => RealtimeSocket;

/** The connection is gone (API Gateway 410); its rows should be deleted. */
export class GoneError extends Error {
  constructor(
    readonly connectionId: string,
    options?: { cause?: unknown },
  ) {
    super(`Connection ${connectionId} is gone`, options);
    this.name = 'GoneError';
  }
}

/** The message exceeds the transport's frame limit (API Gateway: 128 KB, 413). */
export class PayloadTooLargeError extends Error {
  constructor(
    readonly connectionId: string,
    readonly bytes: number,
    options?: { cause?: unknown },
  ) {
    super(`Message of ${bytes} bytes to ${connectionId} exceeds the WebSocket message limit`, options);
    this.name = 'PayloadTooLargeError';
  }
}

/** API Gateway's WebSocket message limit: 128 KB. */
export const MAX_MESSAGE_BYTES = API_GATEWAY_WEBSOCKET.maxMessageBytes;

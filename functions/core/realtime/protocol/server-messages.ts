/**
 * Server → client messages of graphql-transport-ws, as text. A leaf of the
 * protocol room: the delivery room (send-next.ts) posts them too, so this
 * module imports nothing from the realtime rooms.
 */
import type { GraphQLFormattedError } from 'graphql';
import { MessageType, stringifyMessage } from 'graphql-ws';

/** `next` with a payload already serialized once for every holder of the same operation. */
export const nextMessage = (id: string, payloadJson: string) =>
  `{"id":${JSON.stringify(id)},"type":"next","payload":${payloadJson}}`;

export const errorMessage = (id: string, errors: readonly GraphQLFormattedError[]) =>
  stringifyMessage({ id, type: MessageType.Error, payload: errors });

export const completeMessage = (id: string) => stringifyMessage({ id, type: MessageType.Complete });

export const tooLargeError = (bytes: number): GraphQLFormattedError => ({
  message: `This result is ${Math.ceil(bytes / 1024)} KB, over the 128 KB WebSocket message limit; select fewer fields (or read the event with Query.events)`,
  extensions: { code: 'BAD_USER_INPUT' },
});

/**
 * The close reason (with 4403 Forbidden) when a connection's token has expired. On AWS the
 * close is a DeleteConnection and the client sees 1006 with no reason; it reconnects either way.
 */
export const TOKEN_EXPIRED_REASON = 'Forbidden: token expired';

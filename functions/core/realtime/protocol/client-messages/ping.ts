/** `ping` → `pong` with the same payload (allowed before the ack, like graphql-ws). */
import { MessageType, type PingMessage, stringifyMessage } from 'graphql-ws';
import type { MessageContext } from '../context.js';

export async function onPing(ctx: MessageContext, message: PingMessage): Promise<void> {
  await ctx.socket.send(
    stringifyMessage(
      message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong },
    ),
  );
}

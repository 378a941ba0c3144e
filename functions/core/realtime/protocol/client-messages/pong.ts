/**
 * `pong`: nothing to do. Any client message already resets API Gateway's
 * 10-minute idle timer, which is what a keep-alive ping/pong is for here.
 */
import type { PongMessage } from 'graphql-ws';
import type { MessageContext } from '../context.js';

export async function onPong(_ctx: MessageContext, _message: PongMessage): Promise<void> {}

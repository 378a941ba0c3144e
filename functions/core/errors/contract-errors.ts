/**
 * Errors as the API contract shows them, shared by both transports: the HTTP
 * app (graphql-yoga) and the WebSocket protocol (delivery/operations.ts) give
 * every GraphQL error one of the contract's `extensions.code` values and
 * never leak internals, so both import this module rather than each other.
 */
import { GraphQLError } from 'graphql';
import { ERROR_CODES, HubError } from '../../../schema/errors.js';
import type { Logger } from '../logger.js';

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** Gives every error one of the contract's codes. */
export function toContractError(error: unknown, logger: Logger, requestId?: string): GraphQLError {
  const original = error instanceof GraphQLError ? (error.originalError ?? null) : error;
  if (original instanceof HubError) return original;
  if (error instanceof HubError) return error;
  if (error instanceof GraphQLError && !error.originalError) {
    // Parse, validation and variable-coercion errors: the message names the field.
    const code = error.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) return error;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
    });
  }
  if (
    error instanceof GraphQLError &&
    error.originalError instanceof GraphQLError &&
    !error.originalError.originalError
  ) {
    // A GraphQLError thrown by a scalar or plugin with a user-facing message.
    return new GraphQLError(error.message, { path: error.path, extensions: { code: 'BAD_USER_INPUT' } });
  }
  logger.error('unexpected error', { err: original ?? error, requestId });
  return new GraphQLError(`Internal error; nothing is lost, retry later${requestId ? ` (request ${requestId})` : ''}`, {
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL' },
  });
}

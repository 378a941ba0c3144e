/**
 * Errors as the API contract shows them, shared by both transports: the HTTP
 * app (graphql-yoga) and the WebSocket protocol (delivery/operations.ts) give
 * every GraphQL error one of the contract's `extensions.code` values and
 * never leak internals, so both import this module rather than each other.
 *
 * An `INTERNAL` error carries the request id (`extensions.requestId`, also in
 * its message) of the request that hit it, the same id every log line of that
 * request carries (logger.ts), so a person can quote it and an operator find
 * the cause. It is logged as a handled failure: the client got an answer, so
 * only its metric can raise an alarm.
 */
import { GraphQLError } from 'graphql';
import { BadInputError, ERROR_CODES, HubError } from '../../../schema/errors.js';
import { logHandledFailure } from '../handled-failures.js';
import { currentRequestId, type Logger } from '../logger.js';
import { currentLang } from './localize.js';

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** Gives every error one of the contract's codes. `requestId` defaults to the request in scope. */
export function toContractError(
  error: unknown,
  logger: Logger,
  requestId: string | undefined = currentRequestId(),
): GraphQLError {
  const original = error instanceof GraphQLError ? (error.originalError ?? null) : error;
  const hubError = original instanceof HubError ? original : error instanceof HubError ? error : null;
  if (hubError?.code === 'INTERNAL') {
    // A domain module's own INTERNAL (e.g. the store failed): its message is written for people; it still
    // needs the log line with its cause, the alarm's metric and the request id.
    return internalError(hubError.message, hubError, error, logger, requestId);
  }
  if (hubError) {
    // Keep where it happened (a row of reportSortingRateRows answers at [field, index]); the domain error
    // stays the originalError, which the language plugin reads.
    // Over WebSocket the connection's language is in scope (HTTP's plugin reads the headers instead).
    const zh = currentLang() === 'zh' && hubError instanceof BadInputError ? hubError.messageZh : undefined;
    if (!zh && (error === hubError || !(error instanceof GraphQLError) || !error.path)) return hubError;
    return new GraphQLError(zh ?? hubError.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      originalError: hubError,
      extensions: hubError.extensions,
    });
  }
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
  return internalError('Internal error; nothing is lost, retry later', original ?? error, error, logger, requestId);
}

/** Logs the cause as a handled failure; answers the message with the request id to quote. */
function internalError(
  message: string,
  cause: unknown,
  error: unknown,
  logger: Logger,
  requestId: string | undefined,
): GraphQLError {
  logHandledFailure(logger, 'internalError', 'unexpected error', { err: cause, requestId });
  return new GraphQLError(`${message}${requestId ? ` (request ${requestId})` : ''}`, {
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL', ...(requestId ? { requestId } : {}) },
  });
}

/**
 * Domain errors. Each carries the `extensions.code` of the API contract and a
 * message a person can act on; the cause (if any) is for logs only and never
 * reaches a client.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'CONFLICT', 'BUSY', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class HubError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; cause?: unknown; retryable?: boolean } = {},
  ) {
    const extensions: Record<string, unknown> = { code };
    if (options.field) extensions.field = options.field;
    if (options.retryable) extensions.retryable = true;
    super(message, { extensions, originalError: options.cause instanceof Error ? options.cause : undefined });
    this.name = 'HubError';
    this.code = code;
  }
}

export class BadInputError extends HubError {
  /**
   * The same message in Chinese, for a caller whose language is zh (functions/core/domain/messages.ts
   * writes both; the HTTP app picks one by Accept-Language). Absent: the English message serves everyone.
   */
  readonly messageZh: string | undefined;
  constructor(field: string, rule: string, messageZh?: string, extra: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', `${field}: ${rule}`, { field });
    Object.assign(this.extensions, extra);
    this.name = 'BadInputError';
    this.messageZh = messageZh;
  }
}

export class ForbiddenError extends HubError {
  constructor(message = 'Your role may not do this') {
    super('FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

export class UnauthenticatedError extends HubError {
  constructor(message = 'Sign in first: send Authorization: Bearer <token>') {
    super('UNAUTHENTICATED', message);
    this.name = 'UnauthenticatedError';
  }
}

export class ConflictError extends HubError {
  constructor(message: string) {
    super('CONFLICT', message);
    this.name = 'ConflictError';
  }
}

/** `extensions.reason` of a cursor from another life of the logs (schema/cursor.ts). */
export const EPOCH_CHANGED_REASON = 'EPOCH_CHANGED';

/**
 * `hubEvents(after:)` with a cursor of another epoch: the store was recreated, so its seqs name positions in a
 * log that no longer exists and back-filling from them would skip or repeat events. The client reloads what it
 * shows (e.g. Query.recentEvents, which answers a cursor of the current epoch) and subscribes from there.
 */
export class EpochChangedError extends HubError {
  constructor(field: string, current: string) {
    super(
      'CONFLICT',
      `${field}: belongs to an earlier life of the logs (the store was recreated since); reload what you show and subscribe with the cursor of Query.recentEvents (epoch ${current})`,
      { field },
    );
    Object.assign(this.extensions, { reason: EPOCH_CHANGED_REASON, epoch: current });
    this.name = 'EpochChangedError';
  }
}

/** Retryable: nothing was written. */
export class BusyError extends HubError {
  constructor(message: string, cause?: unknown) {
    super('BUSY', message, { retryable: true, cause });
    this.name = 'BusyError';
  }
}

/** Thrown at cold start when the environment is incomplete; never reaches a client. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

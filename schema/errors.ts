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

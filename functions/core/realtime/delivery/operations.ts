/**
 * GraphQL for the Lambda path. `prepare` runs at `subscribe`: parse, validate
 * against the schema, then run graphql's own `subscribe()` with a context whose
 * live source only records the arguments — so the schema's subscribe resolver
 * and its scope-auth checks (departments: own domain only) decide, exactly as
 * on an in-process server, and nothing streams. `render` runs in the fan-out
 * and the back-fill: execute the stored document with the event as root value
 * (the field's `resolve` returns its parent).
 */
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  subscribe,
  validate,
} from 'graphql';
import type { Context, LiveEvents } from '../../../../schema/context.js';
import { type CursorPosition, decodeCursor } from '../../../../schema/cursor.js';
import type { DomainName, HubEventRecord, Principal } from '../../../../schema/model.js';
import type { HubServices } from '../../../../schema/services.js';
import { toContractError } from '../../errors/contract-errors.js';
import type { Logger } from '../../logger.js';
import type { OperationSpec, SubscriptionFilter } from '../connections/connection-store.js';

export type Prepared =
  | { kind: 'error'; errors: GraphQLFormattedError[] }
  /** A query or mutation sent over the socket: one result, then complete. */
  | { kind: 'single'; result: ExecutionResult }
  | { kind: 'subscription'; domains: DomainName[]; after: CursorPosition | null; filter: SubscriptionFilter };

export interface OperationsDeps {
  schema: GraphQLSchema;
  services: HubServices;
  logger: Logger;
  /** Parsed documents kept (by query text). Default 500. */
  cacheSize?: number;
}

const EMPTY: AsyncIterable<never> = {
  [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined as never }) }),
};

export class Operations {
  private readonly documents = new Map<string, DocumentNode>();
  /** Executions of `render`, for tests and logs. */
  renders = 0;

  constructor(private readonly deps: OperationsDeps) {}

  formatErrors(errors: readonly unknown[]): GraphQLFormattedError[] {
    return errors.map((e) => toContractError(e, this.deps.logger).toJSON());
  }

  private document(query: string): DocumentNode {
    let doc = this.documents.get(query);
    if (!doc) {
      doc = parse(query);
      if (this.documents.size >= (this.deps.cacheSize ?? 500)) {
        this.documents.delete(this.documents.keys().next().value as string);
      }
      this.documents.set(query, doc);
    }
    return doc;
  }

  private context(principal: Principal | null, live?: LiveEvents): Context {
    return { principal, services: this.deps.services, ...(live ? { live } : {}) };
  }

  async prepare(principal: Principal, op: OperationSpec): Promise<Prepared> {
    let document: DocumentNode;
    try {
      document = this.document(op.query);
    } catch (err) {
      return { kind: 'error', errors: this.formatErrors([err]) };
    }
    const invalid = validate(this.deps.schema, document);
    if (invalid.length > 0) return { kind: 'error', errors: this.formatErrors(invalid) };
    const operation = getOperationAST(document, op.operationName);
    if (!operation) {
      return {
        kind: 'error',
        errors: [{ message: 'Unable to identify operation', extensions: { code: 'BAD_USER_INPUT' } }],
      };
    }
    const args = {
      schema: this.deps.schema,
      document,
      variableValues: op.variables ?? undefined,
      operationName: op.operationName ?? undefined,
    };
    if (operation.operation !== 'subscription') {
      // A mutation runs the same write path as over HTTP; the Ws function holds its grants (functions/manifest.ts).
      const result = await execute({ ...args, contextValue: this.context(principal) });
      return { kind: 'single', result: this.formatResult(result) };
    }
    let captured: Prepared | null = null;
    const live: LiveEvents = {
      subscribe: (a) => {
        // Cursor errors surface as this subscription's error, like any argument error.
        captured = {
          kind: 'subscription',
          domains: a.domains,
          after: a.after === null ? null : decodeCursor(a.after),
          filter: { street: a.street, entityId: a.entityId },
        };
        return EMPTY;
      },
    };
    const result = await subscribe({ ...args, contextValue: this.context(principal, live) });
    if (!(Symbol.asyncIterator in result)) {
      return { kind: 'error', errors: this.formatErrors(result.errors ?? []) };
    }
    await (result as AsyncGenerator).return?.(undefined);
    if (!captured) {
      return {
        kind: 'error',
        errors: [{ message: 'Only hubEvents can be subscribed to', extensions: { code: 'BAD_USER_INPUT' } }],
      };
    }
    return captured;
  }

  /**
   * The `next` payload (JSON text) of a subscription for one event, with the
   * cursor to attach. Renders of one delivery step pass the same `pushedReads`
   * so the pushed dashboard is read once for the step (schema/context.ts).
   */
  async render(
    op: OperationSpec & { principal: Principal },
    event: HubEventRecord,
    cursor: string,
    pushedReads?: Map<string, Promise<unknown>>,
  ): Promise<string> {
    this.renders++;
    const result = await execute({
      schema: this.deps.schema,
      document: this.document(op.query),
      rootValue: { ...event, cursor },
      contextValue: { ...this.context(op.principal), ...(pushedReads ? { pushedReads } : {}) },
      variableValues: op.variables ?? undefined,
      operationName: op.operationName ?? undefined,
    });
    return JSON.stringify(this.formatResult(result));
  }

  private formatResult(result: ExecutionResult): ExecutionResult {
    if (!result.errors?.length) return result;
    return { ...result, errors: this.formatErrors(result.errors) as unknown as GraphQLError[] };
  }
}

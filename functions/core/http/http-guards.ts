/**
 * Guards of the HTTP app that need the operation: no principal, no execution
 * (only the GraphiQL page is served without a token); no subscriptions over
 * HTTP (they live on the WebSocket); mutations count against the principal's
 * rate limit, and a refusal leaves its `Retry-After` in the server context.
 */
import { GraphQLError, getOperationAST, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type HubError, UnauthenticatedError } from '../../../schema/errors.js';
import type { Principal } from '../../../schema/model.js';
import { LIMIT_MESSAGES } from '../limits/messages.js';
import { RateLimitedError, type RateLimiter } from '../limits/rate-limiter.js';

export interface RefusalHolder {
  retryAfterSeconds?: number;
}

/** A subscription sent over HTTP is a validation error naming the operation, never INTERNAL. */
export const noSubscriptionOverHttp: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'subscription') {
      context.reportError(new GraphQLError(LIMIT_MESSAGES.subscriptionOverHttp, { nodes: [node] }));
    }
  },
});

type GuardContext = { principal?: Principal | null; refusal?: RefusalHolder };

export function httpGuards(rateLimiter: RateLimiter | undefined): Plugin[] {
  return [
    { onValidate: ({ addValidationRule }) => addValidationRule(noSubscriptionOverHttp) },
    {
      async onExecute({ args, setResultAndStopExecution }) {
        const ctx = args.contextValue as GuardContext;
        if (!ctx.principal) {
          setResultAndStopExecution({ errors: [new UnauthenticatedError()] });
          return;
        }
        const op = getOperationAST(args.document, args.operationName);
        if (op?.operation !== 'mutation' || !rateLimiter) return;
        try {
          await rateLimiter.take(ctx.principal, 'mutations');
        } catch (err) {
          if (!(err instanceof RateLimitedError)) throw err;
          if (ctx.refusal) ctx.refusal.retryAfterSeconds = err.retryAfterSeconds;
          setResultAndStopExecution({ errors: [err as HubError] });
        }
      },
    } as Plugin,
  ];
}

/**
 * The GraphQL HTTP app (graphql-yoga over the Pothos schema): auth at the
 * door, contract error codes on every error, internals never leaked.
 * Runtime-free: it takes a Fetch Request and returns a Fetch Response; the
 * Lambda adapter and the embedded server both call it through the http handler.
 */
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Context } from '../../../schema/context.js';
import { UnauthenticatedError } from '../../../schema/errors.js';
import type { Principal } from '../../../schema/model.js';
import type { HubServices } from '../../../schema/services.js';
import { bearerToken, type TokenVerifier } from '../auth/verify-token.js';
import { toContractError } from '../errors/contract-errors.js';
import { localizedErrors } from '../errors/localize.js';
import { type QueryPolicy, queryLimitPlugins } from '../limits/query-limits.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { Logger } from '../logger.js';
import { httpGuards, type RefusalHolder } from './http-guards.js';

export interface GraphqlAppDeps {
  schema: GraphQLSchema;
  services: HubServices;
  verifyToken: TokenVerifier;
  logger: Logger;
  webOrigin: string;
  graphiql: boolean;
  /** Introspection and Armor's query limits (limits/query-limits.ts), the same as over WebSocket. */
  queryPolicy: QueryPolicy;
  /** Mutations per principal (limits/rate-limiter.ts); none: unlimited (unit tests). */
  rateLimiter?: RateLimiter;
}

interface ServerContext {
  requestId?: string;
  /** Time left in the Lambda invocation (getRemainingTimeInMillis), when there is one. */
  remainingMs?: () => number;
  /** Set by a guard that refused with a retryable BUSY: becomes `Retry-After`. */
  refusal?: RefusalHolder;
}

export type GraphqlApp = (request: Request, server?: ServerContext) => Promise<Response>;

/**
 * Parse and validation errors never reach maskError (yoga gives them its own
 * codes); rewrite every error of a finished result to the contract's codes.
 */
function contractErrorCodes(logger: Logger): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in (result as object)) return;
      const r = result as ExecutionResult;
      if (!r.errors?.length) return;
      setResult({ ...r, errors: r.errors.map((e) => toContractError(e, logger)) });
    },
  };
}

function unauthenticated(err: UnauthenticatedError, origin: string): Response {
  return new Response(JSON.stringify({ errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'www-authenticate': 'Bearer',
      'access-control-allow-origin': origin,
    },
  });
}

export function createGraphqlApp(deps: GraphqlAppDeps): GraphqlApp {
  const yoga = createYoga<ServerContext & { principal: Principal }, Context>({
    schema: deps.schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: deps.graphiql
      ? {
          title: 'Guancheng Live 管城运行监测',
          defaultQuery:
            '# Add a header {"Authorization": "Bearer <token>"} (npm run token -- screen)\n{\n  dashboard { asOf timeProgress sorting { kpis { labelZh actual target light } } }\n}\n',
        }
      : false,
    cors: { origin: deps.webOrigin, credentials: false, methods: ['GET', 'POST', 'OPTIONS'] },
    logging: false,
    maskedErrors: {
      maskError: (error, _message, _isDev) => toContractError(error, deps.logger),
    },
    // Batching stays off (yoga's default): one operation per request, so each limit counts per request.
    plugins: [
      ...queryLimitPlugins(deps.queryPolicy),
      ...httpGuards(deps.rateLimiter),
      contractErrorCodes(deps.logger),
      localizedErrors(),
    ],
    context: ({ principal, requestId, remainingMs }) => ({
      principal,
      services: deps.services,
      requestId,
      remainingMs,
    }),
  });

  return async (request, server = {}) => {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') {
      return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname !== '/graphql') {
      return new Response(
        JSON.stringify({
          errors: [
            { message: `Not found: ${url.pathname}; the API is at /graphql`, extensions: { code: 'BAD_USER_INPUT' } },
          ],
        }),
        {
          status: 404,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    // The GraphiQL page itself (no operation in the URL) is the only GraphQL answer without a token; a header
    // never chooses the auth path, and any operation without a principal is refused (http-guards.ts).
    const graphiqlPage =
      deps.graphiql &&
      request.method === 'GET' &&
      (request.headers.get('accept') ?? '').includes('text/html') &&
      !url.searchParams.has('query');
    if (request.method === 'OPTIONS' || graphiqlPage)
      return yoga.fetch(request, { ...server, principal: null as never });
    let principal: Principal;
    try {
      const token = bearerToken(request.headers.get('authorization'));
      if (!token) throw new UnauthenticatedError('Missing token: send Authorization: Bearer <jwt>');
      principal = await deps.verifyToken(token);
    } catch (err) {
      if (err instanceof UnauthenticatedError) return unauthenticated(err, deps.webOrigin);
      throw err;
    }
    const refusal: RefusalHolder = {};
    const response = await yoga.fetch(request, { ...server, principal, refusal });
    if (refusal.retryAfterSeconds === undefined) return response;
    response.headers.set('retry-after', String(refusal.retryAfterSeconds));
    return response;
  };
}

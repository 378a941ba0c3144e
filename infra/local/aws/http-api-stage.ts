/**
 * What API Gateway's HTTP API does before the Http Lambda runs, for one
 * request: the stage throttle (http-throttle.ts), the route table (the
 * manifest's `httpRoutes`: a method and path outside it is 404
 * `{"message":"Not Found"}`), and the JWT authorizer on every non-public
 * route (jwt-authorizer.ts). The local server (infra/local/local-server.ts)
 * asks `admit` for every request to an API path and either invokes the
 * handler or writes the gateway's answer.
 *
 * One local-only route, on purpose: `GET /graphql` from a browser (Accept:
 * text/html) serves GraphiQL without a token. ARCHITECTURE.md's contract
 * promises GraphiQL in the embedded runtime, and a browser cannot add an
 * Authorization header to a page load. The page carries no data: every
 * query it sends is a `POST /graphql` through the authorizer. On AWS the
 * route does not exist (404).
 */
import type { TokenVerifier } from '../../../functions/core/auth/verify-token.js';
import { FUNCTIONS, type HttpRoute } from '../../../functions/manifest.js';
import { deployedStageThrottles, type StageThrottle } from '../../stage-throttles.js';
import { createHttpThrottle, type HttpThrottle } from './http-throttle.js';
import { createJwtAuthorizer, type JwtAuthorizer } from './jwt-authorizer.js';
import { API_GATEWAY_BODIES } from './service-limits.js';

export interface GatewayRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Invoke the integration, or answer as API Gateway would without invoking it. */
export type StageDecision =
  | { invoke: true }
  | { invoke: false; status: number; headers: Record<string, string>; body: string };

export interface HttpApiStage {
  /** True for paths the HTTP API serves (anything else is the web client's, CloudFront's on AWS). */
  servesPath(path: string): boolean;
  admit(request: GatewayRequest): Promise<StageDecision>;
}

export interface HttpApiStageOptions {
  routes: HttpRoute[];
  /** null: no throttle (never the default; a test may switch it off). */
  throttle: HttpThrottle | null;
  authorizer: JwtAuthorizer;
  /** The CORS origin API Gateway adds to its own answers (the stack's corsPreflight). */
  corsOrigin: string;
}

const header = (headers: GatewayRequest['headers'], name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

export function createHttpApiStage(options: HttpApiStageOptions): HttpApiStage {
  const { routes, throttle, authorizer } = options;
  const paths = new Set(routes.map((r) => r.path));
  const answer = (status: number, body: string, extra: Record<string, string> = {}): StageDecision => ({
    invoke: false,
    status,
    body,
    headers: { 'content-type': 'application/json', 'access-control-allow-origin': options.corsOrigin, ...extra },
  });

  return {
    servesPath: (path) => paths.has(path),
    async admit(request) {
      const decision = throttle?.take();
      if (decision && !decision.allowed)
        return answer(429, API_GATEWAY_BODIES.tooManyRequests, { 'retry-after': String(decision.retryAfterSeconds) });
      // CORS preflight: the stack configures corsPreflight, so API Gateway answers OPTIONS on every
      // path without an authorizer; locally the handler's CORS answers it.
      if (request.method === 'OPTIONS') return { invoke: true };
      const wantsGraphiql =
        request.method === 'GET' &&
        request.path === '/graphql' &&
        (header(request.headers, 'accept') ?? '').includes('text/html');
      if (wantsGraphiql) return { invoke: true };
      const route = routes.find((r) => r.method === request.method && r.path === request.path);
      if (!route) return answer(404, API_GATEWAY_BODIES.notFound);
      if (route.public) return { invoke: true };
      const auth = await authorizer.authorize(header(request.headers, 'authorization'));
      if (!auth.allowed) return answer(401, API_GATEWAY_BODIES.unauthorized, { 'www-authenticate': 'Bearer' });
      return { invoke: true };
    },
  };
}

export interface LocalHttpApiOptions {
  /** The Http function's verifier (runtime.verifyToken). */
  verifyToken: TokenVerifier;
  corsOrigin: string;
  /** Default: cdk.json's httpRateLimit / httpBurstLimit, as the deployed stage; null switches it off. */
  throttle?: StageThrottle | null;
}

/** The embedded runtime's HTTP API: the manifest's routes, the stack's throttle, the Http function's verifier. */
export function localHttpApiStage(options: LocalHttpApiOptions): HttpApiStage & { throttle: HttpThrottle | null } {
  const settings = options.throttle === undefined ? deployedStageThrottles().http : options.throttle;
  const throttle = settings ? createHttpThrottle(settings) : null;
  const stage = createHttpApiStage({
    routes: FUNCTIONS.flatMap((f) => f.httpRoutes ?? []),
    throttle,
    authorizer: createJwtAuthorizer(options.verifyToken),
    corsOrigin: options.corsOrigin,
  });
  return { ...stage, throttle };
}

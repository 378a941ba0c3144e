/**
 * Starts an embedded hub for a test: in-memory dynalite, a free port, a
 * throwaway signing key, no demo seed. `withReference` registers the 12
 * streets and a few projects through the API's own services.
 */
import { createLogger } from '../../functions/core/logger.js';
import { type EmbeddedHub, type EmbeddedOptions, startEmbedded } from '../../infra/local/embedded.js';
import { signLocalToken } from '../../infra/local/local-keys.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import type { Principal, ReportDomain, Role } from '../../schema/model.js';

export interface TestHub extends EmbeddedHub {
  token(role: Role, dept?: ReportDomain, sub?: string): Promise<string>;
  /**
   * POST /graphql with a token (or none), through the emulated API Gateway
   * (stage throttle, JWT authorizer). Like a well-behaved client it waits
   * out a 429 (Retry-After) and tries again.
   */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResponse<T>>;
  /** The same request straight to the Http function's handler, as if API Gateway had let it through. */
  lambdaGql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlResponse<T>>;
}

export interface GqlResponse<T> {
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[]; message?: string };
}

export const ADMIN: Principal = { sub: 'test-admin', role: 'admin' };
export const dept = (d: ReportDomain, sub = `test-${d}`): Principal => ({ sub, role: 'department', dept: d });

export async function startTestHub(options: EmbeddedOptions & { withReference?: boolean } = {}): Promise<TestHub> {
  const hub = await startEmbedded({
    memory: true,
    ephemeralKeys: true,
    port: 0,
    seed: false,
    // HUB_DEBUG=1 prints the hub's warnings and errors (which function, which instance) while a test runs.
    logger: createLogger(process.env.HUB_DEBUG ? 'warn' : 'error', {}, process.env.HUB_DEBUG ? undefined : () => {}),
    ...options,
  });
  const token: TestHub['token'] = (role, d, sub) => signLocalToken(hub.keys.privateKeyPem, { role, dept: d, sub });
  const headers = (tok: string | null | undefined) => ({
    'content-type': 'application/json',
    ...(tok ? { authorization: `Bearer ${tok}` } : {}),
  });
  const gql: TestHub['gql'] = async (query, variables, tok) => {
    for (;;) {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: headers(tok),
        body: JSON.stringify({ query, variables }),
      });
      if (res.status === 429) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
        continue;
      }
      return { status: res.status, body: await res.json() };
    }
  };
  const lambdaGql: TestHub['lambdaGql'] = async (query, variables, tok) => {
    const result = await hub.httpHandler({
      version: '2.0',
      routeKey: 'POST /graphql',
      rawPath: '/graphql',
      rawQueryString: '',
      headers: headers(tok),
      requestContext: { http: { method: 'POST', path: '/graphql' } },
      body: JSON.stringify({ query, variables }),
      isBase64Encoded: false,
    } as unknown as Parameters<EmbeddedHub['httpHandler']>[0]);
    return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? '{}') };
  };
  const testHub = Object.assign(hub, { token, gql, lambdaGql }) as TestHub;
  if (options.withReference) await registerReference(testHub);
  return testHub;
}

/** The 12 streets, three construction projects and two housing projects for this year. */
export async function registerReference(hub: EmbeddedHub, year = new Date().getUTCFullYear()) {
  const ref = hub.runtime.hub.services.reference;
  for (const s of STREETS) await ref.upsertStreet(ADMIN, { ...s });
  for (const [i, code] of ['P-1', 'P-2', 'P-3'].entries()) {
    await ref.upsertProject(ADMIN, {
      code,
      name: `测试项目${i + 1}`,
      category: 'industrial',
      street: STREETS[i].code,
      totalInvestment: 100_000,
      plannedInvestment: 12_000,
      year,
      status: 'started',
      responsibleUnit: '区发改委',
    });
  }
  for (const [i, code] of ['H-1', 'H-2'].entries()) {
    await ref.upsertHousingProject(ADMIN, {
      code,
      name: `测试楼盘${i + 1}`,
      street: STREETS[i + 3].code,
      kind: 'commercial',
      totalUnits: 500,
      status: 'resumed',
      resumeDeadline: `${year}-06-30`,
      deliveryDeadline: `${year}-12-31`,
    });
  }
}

/**
 * POST /graphql with the bearer token. Errors come back as GqlError carrying
 * the server's `extensions.code` and message, or as NetworkError when the
 * request never got an answer (the caller may retry with the same idempotency key).
 */
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string };
}

export class GqlError extends Error {
  override name = 'GqlError';
  constructor(
    readonly code: string,
    message: string,
    readonly errors: GraphQLErrorBody[] = [],
    readonly status = 200,
    /** Seconds the server asked to wait before trying again (HTTP 429 Retry-After). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

export class NetworkError extends Error {
  override name = 'NetworkError';
}

export interface GqlClient {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Data and per-field errors both (the dashboard is partial for a department). */
  requestPartial<T>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data: T | null; errors: GraphQLErrorBody[] }>;
}

export function createGqlClient(url: string, token: () => string | null, onUnauthenticated: () => void): GqlClient {
  async function post<T>(query: string, variables: Record<string, unknown> = {}) {
    const tok = token();
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(tok ? { authorization: `Bearer ${tok}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new NetworkError(`Network error: ${(err as Error).message}`);
    }
    if (res.status === 429) {
      // API Gateway's stage throttle: the request never reached the API. Busy, not broken: retry later.
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new GqlError(
        'BUSY',
        '服务器繁忙，稍后重试 / The server is busy; retrying shortly',
        [],
        429,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
      );
    }
    let body: { data?: T | null; errors?: GraphQLErrorBody[] };
    try {
      body = await res.json();
    } catch {
      throw new NetworkError(`HTTP ${res.status}: the server's answer was not JSON`);
    }
    const errors = body.errors ?? [];
    const unauthenticated = res.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (unauthenticated) {
      onUnauthenticated();
      throw new GqlError('UNAUTHENTICATED', errors[0]?.message ?? 'Sign-in required', errors, res.status);
    }
    if (res.status >= 500 && !body.data) throw new NetworkError(`HTTP ${res.status}: ${errors[0]?.message ?? ''}`);
    return { data: body.data ?? null, errors };
  }
  return {
    async request<T>(query: string, variables?: Record<string, unknown>) {
      const { data, errors } = await post<T>(query, variables);
      if (errors.length > 0 || !data) {
        const first = errors[0];
        throw new GqlError(first?.extensions?.code ?? 'INTERNAL', first?.message ?? 'No data', errors);
      }
      return data;
    },
    requestPartial: post,
  };
}

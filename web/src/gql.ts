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
  /** The HTTP status when the server answered (e.g. 503 while it starts), null when nothing answered. */
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Waits out the API's request throttle (429 + Retry-After) this many times before giving up. */
const THROTTLE_RETRIES = 20;

export interface GqlClient {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Data and per-field errors both (the dashboard is partial for a department). */
  requestPartial<T>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data: T | null; errors: GraphQLErrorBody[] }>;
}

/**
 * `language()` is sent as Accept-Language so the server's validation messages come in the UI's language
 * (a CORS-safelisted header: no preflight).
 */
export function createGqlClient(
  url: string,
  token: () => string | null,
  onUnauthenticated: () => void,
  language: () => 'zh' | 'en' = () => 'en',
): GqlClient {
  async function post<T>(query: string, variables: Record<string, unknown> = {}) {
    const tok = token();
    let res: Response;
    try {
      for (let attempt = 0; ; attempt++) {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'accept-language': language() === 'zh' ? 'zh-CN' : 'en',
            ...(tok ? { authorization: `Bearer ${tok}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        if (res.status !== 429 || attempt >= THROTTLE_RETRIES) break;
        await res.body?.cancel();
        const wait = Number(res.headers.get('retry-after') ?? 1);
        await new Promise((r) => setTimeout(r, (Number.isFinite(wait) ? wait : 1) * 1000));
      }
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
      throw new NetworkError(`HTTP ${res.status}: the server's answer was not JSON`, res.status);
    }
    const errors = body.errors ?? [];
    const unauthenticated = res.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (unauthenticated) {
      onUnauthenticated();
      throw new GqlError('UNAUTHENTICATED', errors[0]?.message ?? 'Sign-in required', errors, res.status);
    }
    if (res.status >= 500 && !body.data) {
      throw new NetworkError(`HTTP ${res.status}: ${errors[0]?.message ?? ''}`, res.status);
    }
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

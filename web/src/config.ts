/**
 * The client config, fetched once from /config.json next to index.html. The
 * embedded server answers with relative URLs; a deploy writes absolute ones
 * and the Cognito/OIDC settings. Nothing else in the client knows a URL.
 */
export interface ClientConfig {
  graphqlUrl: string;
  websocketUrl: string;
  /** `mode` as given, or inferred: an issuer with a user pool is Cognito, another issuer OIDC, none local. */
  auth: { mode: 'local' | 'cognito' | 'oidc' | string; issuer?: string; [k: string]: unknown };
  /** How often to poll the dashboard while the live socket is down, ms (default 15000). */
  pollIntervalMs: number;
  /** How often the live socket pings when quiet, ms: a third of the gateway's idle timeout (default 200000). */
  keepAliveMs: number;
}

interface RawConfig {
  graphqlUrl?: string;
  websocketUrl?: string;
  auth?: { mode?: string; issuer?: string; userPoolId?: string; [k: string]: unknown };
  pollIntervalMs?: number;
  keepAliveMs?: number;
}

/** Resolves relative URLs against the page; the WebSocket URL gets a ws:/wss: scheme. */
export function resolveConfig(raw: RawConfig, base: string): ClientConfig {
  const graphqlUrl = new URL(raw.graphqlUrl ?? '/graphql', base).toString();
  const ws = new URL(raw.websocketUrl ?? raw.graphqlUrl ?? '/graphql', base);
  if (ws.protocol === 'http:') ws.protocol = 'ws:';
  if (ws.protocol === 'https:') ws.protocol = 'wss:';
  const poll = Number(raw.pollIntervalMs);
  const keepAlive = Number(raw.keepAliveMs);
  return {
    graphqlUrl,
    websocketUrl: ws.toString(),
    auth: { ...raw.auth, mode: authMode(raw.auth) },
    pollIntervalMs: Number.isFinite(poll) && poll >= 1000 ? poll : 15_000,
    keepAliveMs: Number.isFinite(keepAlive) && keepAlive >= 100 ? keepAlive : 200_000,
  };
}

function authMode(auth: RawConfig['auth']): string {
  if (auth?.mode) return auth.mode;
  if (auth?.issuer) return auth.userPoolId ? 'cognito' : 'oidc';
  return 'local';
}

export async function loadConfig(): Promise<ClientConfig> {
  const res = await fetch(new URL('config.json', location.href), { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return resolveConfig((await res.json()) as RawConfig, location.href);
}

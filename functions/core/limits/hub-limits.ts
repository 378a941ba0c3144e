/**
 * The per-principal caps and rate limits (README "Defences"). Defaults here;
 * on AWS the stack's `limits` context becomes the `HUB_LIMITS` variable (JSON,
 * validated at cold start: config.ts), locally `startEmbedded({ configure: {
 * limits } })`. Rate limits are fixed windows counted in the hub table, so
 * every Lambda instance sees the same count.
 */
export interface RateLimit {
  /** Most operations per principal in one window. */
  limit: number;
  windowSeconds: number;
}

export interface HubLimits {
  /** Subscriptions one WebSocket connection may hold at once. */
  subscriptionsPerConnection: number;
  /** Acknowledged WebSocket connections one principal (token `sub`) may hold at once. */
  connectionsPerPrincipal: number;
  /** Mutations per principal, over HTTP and WebSocket together. */
  mutations: RateLimit;
  /** `subscribe` messages per principal (subscriptions, and queries sent over the socket). */
  subscribes: RateLimit;
  /** `connection_init` per principal. */
  connectionAttempts: RateLimit;
}

export const DEFAULT_LIMITS: HubLimits = {
  subscriptionsPerConnection: 50,
  connectionsPerPrincipal: 100,
  mutations: { limit: 600, windowSeconds: 60 },
  subscribes: { limit: 600, windowSeconds: 60 },
  connectionAttempts: { limit: 300, windowSeconds: 60 },
};

export type RateKind = 'mutations' | 'subscribes' | 'connectionAttempts';

/** How a kind reads in a message. */
export const RATE_KIND_NAME: Record<RateKind, string> = {
  mutations: 'mutations',
  subscribes: 'subscribes',
  connectionAttempts: 'connection attempts',
};

const positiveInt = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;

/** Merges overrides onto the defaults; returns the problems (each naming its key) instead of throwing. */
export function parseLimits(json: string | undefined): { limits: HubLimits; problems: string[] } {
  if (json === undefined) return { limits: DEFAULT_LIMITS, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { limits: DEFAULT_LIMITS, problems: ['HUB_LIMITS must be JSON'] };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { limits: DEFAULT_LIMITS, problems: ['HUB_LIMITS must be a JSON object'] };
  }
  return mergeLimits(raw as Record<string, unknown>);
}

export function mergeLimits(raw: Record<string, unknown>): { limits: HubLimits; problems: string[] } {
  const problems: string[] = [];
  const limits: HubLimits = structuredClone(DEFAULT_LIMITS);
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'subscriptionsPerConnection' || key === 'connectionsPerPrincipal') {
      if (positiveInt(value)) limits[key] = value as number;
      else problems.push(`HUB_LIMITS.${key} must be a positive integer`);
    } else if (key === 'mutations' || key === 'subscribes' || key === 'connectionAttempts') {
      const v = value as Partial<RateLimit> | null;
      if (v && typeof v === 'object' && positiveInt(v.limit ?? 1) && positiveInt(v.windowSeconds ?? 1)) {
        limits[key] = { ...limits[key], ...v };
      } else problems.push(`HUB_LIMITS.${key} must be { "limit": n, "windowSeconds": s } (positive integers)`);
    } else {
      problems.push(`HUB_LIMITS.${key} is not a limit (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    }
  }
  return { limits, problems };
}

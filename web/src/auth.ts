/**
 * The bearer token the client sends, wherever it comes from:
 * - Cognito / OIDC (config.json `auth.clientId`): the hosted login with the
 *   authorization-code flow and PKCE, renewed silently before it expires
 *   (oidc-session.ts, oidc-client-ts); the token sent is the ID token, which
 *   carries the role claims;
 * - the embedded runtime: one click per role on the sign-in page (a loopback-only
 *   endpoint mints a local token), or a token pasted from `npm run token`;
 * - anywhere: a pasted token (kept in localStorage so a screen survives a reload).
 * Views read `getToken()`; the live feed also listens for renewals to reconnect
 * with the new token before the old one expires.
 */
import type { Principal, Role } from './types.js';

const KEY = 'guancheng.token';

/** A signed-in session that renews its own token (OIDC). */
export interface RenewingSession {
  token(): string | null;
  /** A token valid for a while yet: renews first when the current one is about to expire; null when it cannot. */
  fresh(): Promise<string | null>;
  signOut(): Promise<void>;
}

let session: RenewingSession | null = null;
const listeners = new Set<(token: string | null) => void>();

export function useSession(s: RenewingSession | null): void {
  session = s;
}

export function hasRenewingSession(): boolean {
  return session !== null;
}

export function getToken(): string | null {
  if (session) return session.token();
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The token to open a socket with: renewed first when it is about to expire (a pasted token as it is). */
export async function freshToken(): Promise<string | null> {
  return session ? session.fresh() : getToken();
}

/** Called by the session when it renewed the token (or lost it: null). */
export function tokenChanged(token: string | null): void {
  for (const l of listeners) l(token);
}

export function onTokenChange(listener: (token: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setToken(token: string): void {
  localStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, ''));
}

export function clearToken(): void {
  localStorage.removeItem(KEY);
}

/** Signs out everywhere the client holds a token: the pasted one, and the OIDC session (hosted sign-out). */
export async function signOut(): Promise<void> {
  clearToken();
  const s = session;
  session = null;
  if (s) await s.signOut();
}

export type Route = 'screen' | 'report' | 'audit';

/** The views a role may open, the first being its home. */
export function routesFor(p: Principal): Route[] {
  const byRole: Record<Role, Route[]> = {
    SCREEN: ['screen'],
    DEPARTMENT: ['report', 'screen'],
    AUDITOR: ['audit', 'screen'],
    ADMIN: ['screen'],
  };
  return byRole[p.role] ?? ['screen'];
}

/**
 * The bearer token. Locally it is pasted from `npm run token -- <role>`; with
 * Cognito/OIDC the hosted-UI login is out of scope, so a pasted token is
 * accepted there too. Stored in localStorage so a screen survives a reload.
 */
import type { Principal, Role } from './types.js';

const KEY = 'guancheng.token';

export function getToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  localStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, ''));
}

export function clearToken(): void {
  localStorage.removeItem(KEY);
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

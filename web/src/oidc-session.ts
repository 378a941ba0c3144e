/**
 * Signing in with Cognito's hosted login (or any OIDC issuer) through
 * oidc-client-ts: the authorization-code flow with PKCE, the user kept in
 * localStorage (a screen survives a reload and a power cut), tokens renewed
 * silently with the refresh token before they expire, and a clean sign-out
 * through the issuer. Two app clients: people's (`clientId`) and enrolled
 * wall screens' (`screenClientId`, long-lived rotating refresh tokens).
 */
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { type RenewingSession, tokenChanged } from './auth.js';
import type { ClientConfig } from './config.js';

export type OidcClientKind = 'people' | 'screen';

interface OidcSettings {
  issuer: string;
  clientId: string;
  screenClientId?: string;
  /** Cognito's hosted login origin: its sign-out endpoint is not in the discovery document. */
  loginUrl?: string;
  renewBeforeSeconds: number;
}

const KIND_KEY = 'guancheng.oidcClient';
/** How soon a failed silent renewal is tried again. */
const RETRY_RENEW_MS = 10_000;

/** The OIDC settings of config.json, or null when the deployment has none (the embedded runtime). */
export function oidcSettings(config: ClientConfig): OidcSettings | null {
  const a = config.auth;
  if (typeof a.issuer !== 'string' || typeof a.clientId !== 'string' || !a.clientId) return null;
  const renew = Number(a.renewBeforeSeconds);
  return {
    issuer: a.issuer,
    clientId: a.clientId,
    ...(typeof a.screenClientId === 'string' ? { screenClientId: a.screenClientId } : {}),
    ...(typeof a.loginUrl === 'string' ? { loginUrl: a.loginUrl } : {}),
    // A minute before expiry on AWS (1-hour tokens); tests with short-lived tokens say less.
    renewBeforeSeconds: Number.isFinite(renew) && renew > 0 ? renew : 60,
  };
}

/** The page itself, without query or hash: the callback and sign-out URL registered with the issuer. */
const appUrl = () => `${location.origin}${location.pathname}`;

function manager(s: OidcSettings, kind: OidcClientKind): UserManager {
  const clientId = kind === 'screen' && s.screenClientId ? s.screenClientId : s.clientId;
  return new UserManager({
    authority: s.issuer,
    client_id: clientId,
    redirect_uri: appUrl(),
    post_logout_redirect_uri: appUrl(),
    response_type: 'code',
    scope: 'openid email profile',
    userStore: new WebStorageStateStore({ store: localStorage }),
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: s.renewBeforeSeconds,
    loadUserInfo: false,
    monitorSession: false,
    ...(s.loginUrl ? { metadataSeed: { end_session_endpoint: `${s.loginUrl}/logout` } } : {}),
  });
}

/** Sends the browser to the hosted login (people, or a wall screen being enrolled). */
export async function signInWith(config: ClientConfig, kind: OidcClientKind): Promise<void> {
  const s = oidcSettings(config);
  if (!s) throw new Error('config.json has no OIDC issuer and client id');
  localStorage.setItem(KIND_KEY, kind);
  await manager(s, kind).signinRedirect();
}

/**
 * Completes a sign-in redirect (`?code=&state=`) or restores the stored user, renewing
 * it first when it has expired. Null when nobody is signed in (or the renewal failed).
 * `onLost` is called when a later silent renewal fails: the session cannot go on.
 */
export async function startOidcSession(
  config: ClientConfig,
  onLost: (reason: string) => void,
): Promise<RenewingSession | null> {
  const s = oidcSettings(config);
  if (!s) return null;
  const kind = (localStorage.getItem(KIND_KEY) as OidcClientKind | null) ?? 'people';
  const um = manager(s, kind);
  let user: User | null;
  const query = new URLSearchParams(location.search);
  if (query.has('code') && query.has('state')) {
    user = await um.signinRedirectCallback();
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
  } else {
    const stored = await um.getUser();
    user = stored?.expired ? await um.signinSilent().catch(() => null) : stored;
    // A session that existed (an enrolled screen after a power cut) and cannot renew is an alarm, not a sign-in page.
    if (stored && !user) onLost('the stored session could not be renewed');
  }
  if (!user) return null;
  let current: User = user;
  um.events.addUserLoaded((u) => {
    current = u;
    tokenChanged(u.id_token ?? null);
  });
  // A failed renewal is retried while the token is still valid (the issuer may be briefly unreachable);
  // once the token has expired without a renewal, the session is lost.
  let retry: ReturnType<typeof setTimeout> | undefined;
  const renewLater = () => {
    clearTimeout(retry);
    retry = setTimeout(() => void um.signinSilent().catch(renewLater), RETRY_RENEW_MS);
  };
  um.events.addSilentRenewError(renewLater);
  um.events.addUserLoaded(() => clearTimeout(retry));
  um.events.addAccessTokenExpired(() => onLost('the token expired and could not be renewed'));
  const token = () => (current.expired ? null : (current.id_token ?? null));
  return {
    token,
    async fresh() {
      if ((current.expires_in ?? 0) > s.renewBeforeSeconds) return token();
      const renewed = await um.signinSilent().catch(() => null);
      return renewed?.id_token ?? null;
    },
    async signOut() {
      localStorage.removeItem(KIND_KEY);
      await um.removeUser();
      await um.signoutRedirect({
        id_token_hint: current.id_token,
        ...(s.loginUrl ? { extraQueryParams: { client_id: um.settings.client_id, logout_uri: appUrl() } } : {}),
      });
    },
  };
}

/**
 * A local OpenID provider standing in for Cognito's hosted login in browser
 * tests (oidc-provider): the authorization-code flow with PKCE required for a
 * public client, refresh tokens issued with the code and rotated at every
 * refresh (like the screens' Cognito client), and ID tokens carrying
 * Cognito's claim names (`custom:role`, `custom:dept`, `cognito:username`),
 * with lifetimes short enough to watch several expire in a test. Its
 * development login form accepts any user name and password.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface LocalOidcProvider {
  issuer: string;
  jwksUrl: string;
  clientId: string;
  /** Grants the token endpoint answered, by grant type. */
  grants: { authorization_code: number; refresh_token: number };
  /** From now on the token endpoint answers `invalid_grant` (a revoked or expired refresh token). */
  refuseTokens(): void;
  close(): Promise<void>;
}

export interface LocalOidcOptions {
  /**
   * Where the web client runs (its page is the redirect and sign-out URL); asked at the
   * first request, so the app may start after the provider and know its issuer.
   */
  appUrl: () => string;
  /** ID and access token lifetime, seconds. */
  tokenTtlSeconds: number;
  /** Claims of every account (Cognito's names). */
  claims: Record<string, string>;
}

/** Opens the port first (the issuer URL names it); the provider is built at the first request. */
export async function startLocalOidcProvider(options: LocalOidcOptions): Promise<LocalOidcProvider> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let refusing = false;
  const server: Server = createServer((req, res) => {
    if (refusing && req.method === 'POST' && req.url?.startsWith('/token')) {
      req.resume();
      res.writeHead(400, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token revoked' }));
      return;
    }
    handle ??= build();
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'hub-web';
  const grants = { authorization_code: 0, refresh_token: 0 };
  const build = () => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          token_endpoint_auth_method: 'none',
          redirect_uris: [options.appUrl()],
          post_logout_redirect_uris: [options.appUrl()],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email'], profile: Object.keys(options.claims) },
      // Cognito puts the profile claims in the ID token itself.
      conformIdTokenClaims: false,
      findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...options.claims }) }),
      // Cognito returns a refresh token with every code exchange, no offline_access scope needed.
      issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      ttl: {
        AccessToken: options.tokenTtlSeconds,
        IdToken: options.tokenTtlSeconds,
        RefreshToken: 3600,
        AuthorizationCode: 60,
        Grant: 3600,
        Session: 3600,
        Interaction: 600,
      },
      cookies: { keys: ['local-oidc-test-only'] },
    });
    provider.on('grant.success', (ctx) => {
      const type = (ctx.oidc.params?.grant_type as string | undefined) ?? '';
      if (type === 'authorization_code' || type === 'refresh_token') grants[type]++;
    });
    return provider.callback();
  };
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    clientId,
    grants,
    refuseTokens: () => {
      refusing = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

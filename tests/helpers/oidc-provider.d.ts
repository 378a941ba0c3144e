/** The part of oidc-provider (which ships no types) that tests/helpers/local-oidc-provider.ts uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface GrantContext {
    oidc: { params?: Record<string, unknown> };
  }
  interface ClientLike {
    grantTypeAllowed(type: string): boolean;
  }
  export default class Provider {
    constructor(
      issuer: string,
      configuration: Record<string, unknown> & {
        findAccount?: (
          ctx: unknown,
          sub: string,
        ) => Promise<{ accountId: string; claims(): Promise<Record<string, unknown>> }>;
        issueRefreshToken?: (ctx: unknown, client: ClientLike) => Promise<boolean>;
      },
    );
    on(event: 'grant.success', listener: (ctx: GrantContext) => void): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}

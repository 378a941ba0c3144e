/** What every view gets: config, the GraphQL client, who is signed in, and the shared header's status slot. */
import type { ClientConfig } from './config.js';
import type { GqlClient } from './gql.js';
import type { Principal } from './types.js';

export interface AppContext {
  config: ClientConfig;
  gql: GqlClient;
  me: Principal;
  /** The header's connection indicator (the screen view sets it; other views clear it). */
  setStatus(node: Node | null): void;
}

/** A view draws into `root` and returns how to stop (timers, sockets). */
export type View = (root: HTMLElement, ctx: AppContext) => () => void;

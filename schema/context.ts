/** What every resolver receives. Built per request by the http and ws handlers. */
import type { DomainName, HubEventRecord, Principal } from './model.js';
import type { HubServices } from './services.js';

/**
 * Live event source for `Subscription.hubEvents`. On the Lambda path
 * subscriptions are executed by the fan-out with the event as root value, so
 * this is only used by in-process servers (the reference graphql-ws server in
 * tests). Implementations yield events of the given domains after `after`.
 */
export interface LiveEvents {
  subscribe(args: {
    domains: DomainName[];
    after: string | null;
    street: string | null;
    entityId: string | null;
  }): AsyncIterable<HubEventRecord & { cursor?: string }>;
}

export interface Context {
  principal: Principal | null;
  services: HubServices;
  live?: LiveEvents;
  requestId?: string;
  /**
   * Time left in this invocation, in ms (Lambda's getRemainingTimeInMillis).
   * Long resolvers (verifyLog) budget by it; absent outside Lambda, where they
   * assume a whole invocation of their function's timeout.
   */
  remainingMs?: () => number;
  /**
   * Reads shared by the renders of one delivery step (a back-fill, a fan-out
   * group): the pushed dashboard is the state as it is now, the same for every
   * event rendered in that step, so it is computed once per step, not per event.
   */
  pushedReads?: Map<string, Promise<unknown>>;
}

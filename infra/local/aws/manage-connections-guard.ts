/**
 * Emulated IAM for the local management API (`@connections`): a function of
 * the fleet may post to or close connections only if its manifest entry says
 * `managesConnections` (the stack grants execute-api:ManageConnections from
 * it). The caller is the function whose credentials signed the request
 * (local-credentials.ts), as for the local Lambda API. A request signed by
 * none of them (the runtime's admin view, a test's own client) is let
 * through: only a fleet function has a role to check.
 */
import { FUNCTIONS } from '../../../functions/manifest.js';
import type { ManageConnectionsGuard } from '../ws-management-api.js';
import type { Denial, FleetFunction } from './fleet.js';
import { callerOf } from './local-credentials.js';

/** The guard; every refusal is recorded in `denials` (the fleet's, beside its store and invoke refusals). */
export function manageConnectionsGuard(denials: Denial[]): ManageConnectionsGuard {
  const guard: ManageConnectionsGuard = (authorization, connectionId) => {
    const caller = callerOf(authorization);
    const spec = caller ? FUNCTIONS.find((f) => f.name === caller) : undefined;
    if (!caller || !spec || spec.managesConnections) return null;
    const resource = `arn:aws:execute-api:local:local:local/*/POST/@connections/${connectionId}`;
    const message = `User: arn:aws:sts::local:assumed-role/${caller}/${caller} is not authorized to perform: execute-api:ManageConnections on resource: ${resource} because no identity-based policy allows the execute-api:ManageConnections action`;
    denials.push({
      functionName: caller as FleetFunction,
      instanceId: '',
      request: { action: 'execute-api:ManageConnections', resource },
      message,
    });
    return message;
  };
  return guard;
}

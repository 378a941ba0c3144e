/**
 * The local Lambda API (`POST /2015-03-31/functions/{name}/invocations`),
 * which the real LambdaClient of a function is pointed at (config
 * `lambdaEndpoint`), so a handler invokes another exactly as on AWS and never
 * knows which runtime it is in. What AWS would refuse, it refuses:
 *
 * - the caller is the function whose credentials signed the request (the
 *   fleet gives each its own, local-credentials.ts); it may invoke only what
 *   its manifest entry's `invokes` names, else 403 AccessDeniedException with
 *   IAM's message (recorded as a fleet denial);
 * - a request body over Lambda's synchronous payload limit answers 413
 *   RequestEntityTooLargeException, a response over it fails the invocation
 *   (`Function.ResponseSizeTooLarge`), both read from service-limits.ts;
 * - an unknown function answers 404 ResourceNotFoundException; only
 *   RequestResponse invocations are served (what the hub uses).
 *
 * The invocation runs on the function's instance pool, under its deadline
 * (fleet.ts, invoke.ts). A handler error or a timeout answers 200 with
 * `X-Amz-Function-Error: Unhandled` and Lambda's error body, as AWS does.
 *
 * Injected faults (`faults`) make the next invocations of a function answer 429
 * TooManyRequestsException without running (a throttle), or run and then fail
 * as a timed-out invocation would (the caller cannot know what it did).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { functionSpec } from '../../../functions/manifest.js';
import { readBodyUpTo } from '../read-body.js';
import type { FleetFunction, LambdaFleet } from './fleet.js';
import { callerOf } from './local-credentials.js';
import { LAMBDA } from './service-limits.js';

export interface LambdaFaults {
  /** The next `n` invocations of the function are throttled (429, not run). */
  throttle: Record<string, number>;
  /** The next `n` invocations of the function run, then answer as timed out. */
  failAfterRun: Record<string, number>;
}

export interface LocalLambdaApiOptions {
  /** Runs one invocation of a manifest function on its pool, under its deadline. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  /** Called when the emulated IAM refuses an invoke. */
  onDenied(caller: string, target: string, message: string): void;
  faults?: LambdaFaults;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

const refuse = (res: ServerResponse, status: number, type: string, message: string) =>
  reply(res, status, JSON.stringify({ Type: 'User', message }), { 'x-amzn-errortype': type });

const functionError = (res: ServerResponse, errorType: string, errorMessage: string) =>
  reply(res, 200, JSON.stringify({ errorType, errorMessage }), { 'x-amz-function-error': 'Unhandled' });

const take = (counts: Record<string, number> | undefined, name: string) => {
  if (!counts?.[name]) return false;
  counts[name]--;
  return true;
};

export function createLocalLambdaApi(options: LocalLambdaApiOptions) {
  const max = LAMBDA.maxSyncPayloadBytes;

  const serve = async (req: IncomingMessage, res: ServerResponse, target: string) => {
    const caller = callerOf(req.headers.authorization);
    const allowed = caller && functionSpec(caller).invokes?.some((c) => c.function === target);
    if (!allowed) {
      req.resume();
      const role = caller ?? 'anonymous';
      const message = `User: arn:aws:sts::local:assumed-role/${role}/${role} is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:local:local:function:${target} because no identity-based policy allows the lambda:InvokeFunction action`;
      options.onDenied(role, target, message);
      return refuse(res, 403, 'AccessDeniedException', message);
    }
    const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    if (type !== 'RequestResponse') {
      req.resume();
      return refuse(
        res,
        400,
        'InvalidParameterValueException',
        `The embedded runtime serves RequestResponse invocations only, got ${type}`,
      );
    }
    const body = await readBodyUpTo(req, max);
    if (body === null) {
      req.resume();
      const message = `Request must be smaller than ${max} bytes for the InvokeFunction operation`;
      return refuse(res, 413, 'RequestEntityTooLargeException', message);
    }
    if (take(options.faults?.throttle, target)) return refuse(res, 429, 'TooManyRequestsException', 'Rate Exceeded.');
    let result: unknown;
    try {
      result = await options.invoke(target, body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined);
    } catch (err) {
      const e = err as Error;
      return functionError(res, e.name ?? 'Error', e.message ?? String(err));
    }
    if (take(options.faults?.failAfterRun, target))
      return functionError(res, 'Sandbox.Timedout', `Task timed out (injected after the handler ran)`);
    const text = result === undefined ? 'null' : JSON.stringify(result);
    if (Buffer.byteLength(text) > max)
      return functionError(
        res,
        'Function.ResponseSizeTooLarge',
        `Response payload size exceeded maximum allowed payload size (${max} bytes).`,
      );
    return reply(res, 200, text, { 'x-amz-executed-version': '$LATEST' });
  };

  return (req: IncomingMessage, res: ServerResponse): false | Promise<true> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const m = req.method === 'POST' ? path.match(INVOKE_PATH) : null;
    if (!m) return false;
    const target = decodeURIComponent(m[1]);
    try {
      functionSpec(target);
    } catch {
      req.resume();
      return Promise.resolve(
        refuse(
          res,
          404,
          'ResourceNotFoundException',
          `Function not found: arn:aws:lambda:local:local:function:${target}`,
        ),
      ).then(() => true);
    }
    return serve(req, res, target).then(() => true);
  };
}

/** The local Lambda API over the fleet's pools; its refusals join the fleet's IAM denials. */
export function fleetLambdaApi(fleet: Pick<LambdaFleet, 'invoke' | 'denials'>, faults: LambdaFaults) {
  return createLocalLambdaApi({
    invoke: fleet.invoke,
    faults,
    onDenied: (caller, target, message) =>
      fleet.denials.push({
        functionName: caller as FleetFunction,
        instanceId: '',
        request: { action: 'lambda:InvokeFunction', resource: target },
        message,
      }),
  });
}

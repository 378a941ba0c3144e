/**
 * The local Lambda API (infra/local/aws/lambda-api.ts) answers the real
 * LambdaClient as AWS's does: a handler past its deadline is a function error
 * `Sandbox.Timedout` (200 with X-Amz-Function-Error), a result over the 6 MB
 * synchronous limit `Function.ResponseSizeTooLarge`, an unknown function 404,
 * an unsigned caller 403, and a caller's manifest `invokes` decides the rest.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA } from '../../functions/core/aws/service-limits.js';
import { functionSpec } from '../../functions/manifest.js';
import { LambdaTimeoutError } from '../../infra/local/aws/invoke.js';
import { createLocalLambdaApi } from '../../infra/local/aws/lambda-api.js';
import { localCredentialsFor } from '../../infra/local/aws/local-credentials.js';

describe('local Lambda API', () => {
  let server: Server;
  let endpoint = '';
  const denied: string[] = [];
  let answer: () => Promise<unknown> = async () => ({ ok: true });
  beforeAll(async () => {
    const api = createLocalLambdaApi({
      invoke: () => answer(),
      onDenied: (caller, target) => denied.push(`${caller}→${target}`),
    });
    server = createServer((req, res) => {
      const handled = api(req, res);
      if (!handled) res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const as = (caller: string | null) =>
    new LambdaClient({
      region: 'local',
      endpoint,
      credentials: caller ? localCredentialsFor(caller) : { accessKeyId: 'someone', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  const invoke = (caller: string | null, target = 'Deliver') =>
    as(caller).send(new InvokeCommand({ FunctionName: target, Payload: Buffer.from('{}') }));
  const text = (r: { Payload?: Uint8Array }) => Buffer.from(r.Payload ?? []).toString();

  it("answers the handler's result to a caller whose manifest invokes the target", async () => {
    expect(functionSpec('Stream').invokes?.map((c) => c.function)).toContain('Deliver');
    answer = async () => ({ ok: true });
    const r = await invoke('Stream');
    expect(r.FunctionError).toBeUndefined();
    expect(JSON.parse(text(r))).toEqual({ ok: true });
  });

  it('a timed-out invocation is a function error Sandbox.Timedout', async () => {
    answer = async () => {
      throw new LambdaTimeoutError('Deliver', 30, 'req-1', 300);
    };
    const r = await invoke('Stream');
    expect(r.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(r))).toMatchObject({ errorType: 'Sandbox.Timedout' });
  });

  it('a result over the synchronous limit fails the invocation', async () => {
    answer = async () => 'x'.repeat(LAMBDA.maxSyncPayloadBytes);
    const r = await invoke('Stream');
    expect(r.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(r))).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
  });

  it('refuses an unknown function, an unsigned caller and an undeclared invoke', async () => {
    await expect(invoke('Stream', 'Nope')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(invoke(null)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(invoke('Sweep')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(denied).toEqual(['anonymous→Deliver', 'Sweep→Deliver']);
  });
});

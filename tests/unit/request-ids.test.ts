/**
 * Issue 8, failure 5: the request id the README promises. The HTTP handler
 * (the Lambda entry's and the embedded runtime's) runs each request in a
 * request scope: every log line it writes carries API Gateway's request id
 * (and Lambda's), and an INTERNAL error answers the same id in
 * `extensions.requestId` and its message, so a person can quote it.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { composeHttpRuntime } from '../../functions/core/compose/http-runtime.js';
import type { HubConfig } from '../../functions/core/config/config.js';
import { makeHttpHandler } from '../../functions/core/http/lambda-http.js';
import { createLogger } from '../../functions/core/logger.js';
import { generateLocalKeys, signLocalToken } from '../../infra/local/local-keys.js';

const keys = await generateLocalKeys();
const token = await signLocalToken(keys.privateKeyPem, { role: 'screen' });
const config: HubConfig = {
  stage: 'test',
  region: 'local',
  hubTable: 'hub',
  connectionsTable: 'connections',
  auth: { localPublicKeyPem: keys.publicKeyPem },
  webOrigin: '*',
  logLevel: 'debug',
  projectOnWrite: true,
};

/** An HTTP handler whose store fails every call after `delayMs` (a store the role may not read, a network cut). */
function failingHttp(delayMs = 0) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', { stage: 'test' }, (l) => lines.push(JSON.parse(l)));
  const ddb = {
    send: async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      throw Object.assign(new Error('User: arn:aws:sts::1:assumed-role/Http is not authorized'), {
        name: 'AccessDeniedException',
      });
    },
  };
  const runtime = composeHttpRuntime(config, { ddb: ddb as never, logger });
  return { handler: makeHttpHandler(runtime.graphql, logger), lines };
}

const post = (query: string, requestId?: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requestContext: { http: { method: 'POST' }, domainName: 'api.example', ...(requestId ? { requestId } : {}) },
    body: JSON.stringify({ query }),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

type Answer = { errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('request ids in logs and INTERNAL errors (HTTP)', () => {
  it('an INTERNAL error answers the request id, and every log line of the request carries it', async () => {
    const { handler, lines } = failingHttp();
    const res = await handler(post('{ streets { code } }', 'apigw-1'), { awsRequestId: 'lambda-1' });
    expect(res.statusCode).toBe(200);
    const [error] = (JSON.parse(res.body ?? '{}') as Answer).errors ?? [];
    expect(error.extensions).toEqual({ code: 'INTERNAL', requestId: 'apigw-1' });
    expect(error.message).toContain('apigw-1');
    expect(error.message).not.toMatch(/AccessDenied|arn:|not authorized/);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'apigw-1', awsRequestId: 'lambda-1' });
    const failure = lines.find((l) => l.failure === 'InternalErrors');
    expect(failure).toMatchObject({ level: 'error', requestId: 'apigw-1' });
    expect(JSON.stringify(failure)).toContain('AccessDeniedException');
  });

  it('concurrent requests keep their own ids', async () => {
    const { handler, lines } = failingHttp(20);
    const ids = ['a-1', 'b-2', 'c-3'];
    const answers = await Promise.all(ids.map((id) => handler(post('{ streets { code } }', id))));
    ids.forEach((id, i) => {
      expect((JSON.parse(answers[i].body ?? '{}') as Answer).errors?.[0]?.extensions?.requestId).toBe(id);
    });
    const failures = lines.filter((l) => l.failure === 'InternalErrors');
    expect(failures.map((l) => l.requestId).sort()).toEqual(ids);
    for (const l of failures) expect(JSON.stringify(l.err)).toContain('not authorized');
  });

  it("without API Gateway's id, Lambda's is the one to quote", async () => {
    const { handler, lines } = failingHttp();
    const res = await handler(post('{ streets { code } }'), { awsRequestId: 'lambda-only' });
    expect((JSON.parse(res.body ?? '{}') as Answer).errors?.[0]?.extensions?.requestId).toBe('lambda-only');
    expect(lines.every((l) => l.requestId === 'lambda-only' && !('awsRequestId' in l))).toBe(true);
  });

  it('a handler failure outside GraphQL answers 500 INTERNAL with the id, logged as a handled failure', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('error', {}, (l) => lines.push(JSON.parse(l)));
    const handler = makeHttpHandler(async () => {
      throw new Error('adapter broke');
    }, logger);
    const res = await handler(post('{ me { sub } }', 'apigw-500'));
    expect(res.statusCode).toBe(500);
    const [error] = (JSON.parse(res.body ?? '{}') as Answer).errors ?? [];
    expect(error.extensions).toEqual({ code: 'INTERNAL', requestId: 'apigw-500' });
    expect(error.message).not.toContain('adapter broke');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', requestId: 'apigw-500', failure: 'InternalErrors' }),
    ]);
  });
});

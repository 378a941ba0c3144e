/**
 * API Gateway HTTP API (payload v2) ⇄ Fetch Request/Response. Each request is
 * handled in a request scope (logger.ts) holding API Gateway's request id (the
 * `apigw-requestid` a client sees) and Lambda's, so every log line of the
 * request and any `INTERNAL` error it answers carry the same id.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { logHandledFailure } from '../handled-failures.js';
import { currentRequestId, inRequestScope, type Logger } from '../logger.js';
import type { GraphqlApp } from './graphql-app.js';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context?: Partial<LambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function toRequest(event: APIGatewayProxyEventV2): Request {
  const host = event.requestContext?.domainName ?? event.headers?.host ?? 'localhost';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const headers = new Headers();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers.set(k, v);
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  const method = event.requestContext?.http?.method ?? 'GET';
  const body =
    event.body === undefined || method === 'GET' || method === 'HEAD'
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64')
        : event.body;
  return new Request(`https://${host}${event.rawPath}${query}`, { method, headers, body });
}

export async function fromResponse(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    if (k !== 'set-cookie') headers[k] = v;
  });
  return { statusCode: response.status, headers, body: await response.text(), isBase64Encoded: false };
}

export function makeHttpHandler(app: GraphqlApp, logger: Logger): HttpHandler {
  return (event, context) =>
    inRequestScope({ requestId: event.requestContext?.requestId, awsRequestId: context?.awsRequestId }, async () => {
      const requestId = currentRequestId();
      try {
        // The deadline is per invocation: long work (verifyLog) budgets by it.
        const remainingMs = context?.getRemainingTimeInMillis?.bind(context);
        return await fromResponse(await app(toRequest(event), { requestId, remainingMs }));
      } catch (err) {
        logHandledFailure(logger, 'internalError', 'http handler failed', { err });
        return {
          statusCode: 500,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            errors: [
              {
                message: `Internal error; retry later (request ${requestId})`,
                extensions: { code: 'INTERNAL', requestId },
              },
            ],
          }),
        };
      }
    });
}

/** API Gateway HTTP API (payload v2) ⇄ Fetch Request/Response. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import type { Logger } from '../logger.js';
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
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId;
    try {
      const remainingMs = context?.getRemainingTimeInMillis?.bind(context);
      return await fromResponse(await app(toRequest(event), { requestId, remainingMs }));
    } catch (err) {
      logger.error('http handler failed', { err, requestId });
      return {
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          errors: [{ message: 'Internal error; retry later', extensions: { code: 'INTERNAL' } }],
        }),
      };
    }
  };
}

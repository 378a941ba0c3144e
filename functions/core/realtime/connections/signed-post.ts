/**
 * PostToConnection without the SDK's middleware stack. Measured on this
 * repo's machine (see README "Cheaper posts"), a post through
 * `ApiGatewayManagementApiClient.send` costs ~0.7 ms of CPU — retry, endpoint
 * and schema middleware, user agent, signing — against ~0.18 ms for the same
 * request signed with the SDK's own SigV4 signer and written to the same
 * keep-alive agent. A delivery posts one message per subscriber per event, so
 * that difference is most of a fan-out's CPU, on a laptop and in a Lambda
 * alike (a Deliver invocation of 250 posts spends ~175 ms in the SDK alone).
 *
 * Everything else still comes from the client: its endpoint, region, the
 * credentials provider (refreshing, as the SDK's), and the hash it signs with,
 * so this module holds no second copy of configuration. Retries are not done
 * here: the caller wraps sockets in retrying-socket.ts, and a 410 or 413 is an
 * answer, never retried.
 */
import { type Agent as HttpAgent, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { GoneError, PayloadTooLargeError } from './socket.js';

export type PostToConnection = (connectionId: string, message: string) => Promise<void>;

/** A PostToConnection that failed with a status other than 410/413 (throttled, 5xx, 403...). */
export class PostFailedError extends Error {
  constructor(
    readonly connectionId: string,
    readonly statusCode: number,
    body: string,
  ) {
    super(`PostToConnection to ${connectionId} answered ${statusCode}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'PostFailedError';
  }
}

/**
 * Signs and posts through the client's configuration and the given keep-alive
 * agents. No request timeout, as the SDK's default: a pass's own deadline bounds it.
 */
export function signedPoster(
  client: ApiGatewayManagementApiClient,
  agents: { http: HttpAgent; https: HttpsAgent },
): PostToConnection {
  const config = client.config;
  const signer = new SignatureV4({
    service: 'execute-api',
    region: config.region,
    credentials: config.credentials,
    sha256: config.sha256,
  });
  const endpoint = config.endpoint ? config.endpoint() : Promise.reject(new Error('management client has no endpoint'));
  return async (connectionId, message) => {
    const { protocol, hostname, port, path } = await endpoint;
    const body = Buffer.from(message);
    const base = path.endsWith('/') ? path.slice(0, -1) : path;
    const host = port ? `${hostname}:${port}` : hostname;
    const signed = await signer.sign({
      method: 'POST',
      protocol,
      hostname,
      port,
      path: `${base}/@connections/${encodeURIComponent(connectionId)}`,
      query: {},
      headers: { host, 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    const secure = protocol === 'https:';
    const { statusCode, text } = await new Promise<{ statusCode: number; text: string }>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        {
          protocol,
          hostname,
          port,
          method: 'POST',
          path: signed.path,
          headers: signed.headers,
          agent: secure ? agents.https : agents.http,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    if (statusCode >= 200 && statusCode < 300) return;
    if (statusCode === 410) throw new GoneError(connectionId);
    if (statusCode === 413) throw new PayloadTooLargeError(connectionId, body.length);
    throw new PostFailedError(connectionId, statusCode, text);
  };
}

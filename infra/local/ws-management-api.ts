/**
 * The local `@connections/{id}` management API, which the real
 * management client is pointed at (signed posts, SDK closes): POST sends, DELETE closes,
 * GET describes; an unknown or closed connection answers 410 GoneException
 * and a POST over the message limit 413 PayloadTooLargeException, as on AWS.
 *
 * Unlike API Gateway it delivers the close code the protocol core chose: a
 * DELETE may carry it in `x-close-code` / `x-close-reason` headers or
 * `?code=` / `?reason=`; API Gateway ignores both (DeleteConnection has no code).
 *
 * Injected faults (aws/management-faults.ts) answer a POST as AWS does: 429
 * `LimitExceededException` or 410 `GoneException`, with the error type in
 * `x-amzn-errortype`, which is what the SDK reads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { ManagementFaults } from './aws/management-faults.js';
import { readBodyUpTo } from './read-body.js';

/** What the management API needs of a gateway connection. */
export interface ManagedConnection {
  ws: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
}

export interface ManagementStats {
  posts: number;
  closes: number;
  gone: number;
  tooLarge: number;
}

export interface ManagementApiOptions<C extends ManagedConnection> {
  connections: ReadonlyMap<string, C>;
  stats: ManagementStats;
  /** API Gateway: 128 KB. */
  maxMessageBytes: number;
  /** A post is traffic: it resets the connection's idle timer. */
  touch(connection: C): void;
  /** Injected PostToConnection faults; none by default. */
  faults?: ManagementFaults;
  /** Drops a connection whose post got an injected 410, without `$disconnect` (the gateway's `sever`). */
  drop(connectionId: string): void;
  /** IAM for execute-api:ManageConnections: a refusal message for the request's signer, or null (allowed). */
  authorize?: ManageConnectionsGuard;
}

export type ManageConnectionsGuard = (authorization: string | undefined, connectionId: string) => string | null;

export const CONNECTIONS_PATH = '/@connections/';

function reply(res: ServerResponse, status: number, body?: unknown, errorType?: string) {
  const text = body === undefined ? '' : JSON.stringify(body);
  // A length, not chunked encoding: one write per answer (a post answers 200 with no body, 10,000 times an event).
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

const gone = (res: ServerResponse) => reply(res, 410, { message: 'Gone' }, 'GoneException');
const throttled = (res: ServerResponse) => reply(res, 429, { message: 'Rate exceeded' }, 'LimitExceededException');

/** The close code a DELETE asked for, limited to what a server may send; the reason cut to 123 bytes. */
function closeOf(req: IncomingMessage, url: URL): { code: number; reason: string } {
  const codeText = (req.headers['x-close-code'] as string | undefined) ?? url.searchParams.get('code') ?? '1000';
  const reasonText = (req.headers['x-close-reason'] as string | undefined) ?? url.searchParams.get('reason') ?? '';
  const asked = Number(codeText);
  // RFC 6455 §7.4.1: what an endpoint may send (1013 "try again later" is how a limit refuses a connection).
  const allowed =
    Number.isInteger(asked) &&
    ([1000, 1001, 1003, 1007, 1008, 1009, 1011, 1012, 1013, 1014].includes(asked) || (asked >= 3000 && asked < 5000));
  let reason = decodeURIComponent(reasonText);
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return { code: allowed ? asked : 1000, reason };
}

/** Returns a request handler: false for paths outside `@connections`, else a promise of true once answered. */
export function createManagementApi<C extends ManagedConnection>(options: ManagementApiOptions<C>) {
  const { connections, stats, maxMessageBytes } = options;

  const manage = async (req: IncomingMessage, res: ServerResponse, id: string, url: URL) => {
    const c = connections.get(id);
    const open = c && c.ws.readyState === c.ws.OPEN;
    if (req.method === 'POST') {
      const fault = options.faults?.draw(id) ?? { delayMs: 0, error: null };
      if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.error === 'throttled') {
        req.resume();
        return throttled(res);
      }
      if (fault.error === 'gone') {
        req.resume();
        stats.gone++;
        options.drop(id);
        return gone(res);
      }
      const body = await readBodyUpTo(req, maxMessageBytes);
      if (body === null) {
        stats.tooLarge++;
        req.resume();
        return reply(res, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
      }
      if (!open) {
        stats.gone++;
        return gone(res);
      }
      stats.posts++;
      await new Promise<void>((resolve) => c.ws.send(body.toString('utf8'), () => resolve()));
      options.touch(c);
      return reply(res, 200);
    }
    if (req.method === 'DELETE') {
      if (!open) {
        stats.gone++;
        return gone(res);
      }
      const { code, reason } = closeOf(req, url);
      stats.closes++;
      c.ws.close(code, reason);
      return reply(res, 204);
    }
    if (req.method === 'GET') {
      if (!c) return gone(res);
      return reply(res, 200, {
        ConnectedAt: new Date(c.connectedAt).toISOString(),
        LastActiveAt: new Date(c.lastActiveAt).toISOString(),
        Identity: { SourceIp: c.sourceIp, UserAgent: c.userAgent },
      });
    }
    return reply(res, 405, { message: `Method ${req.method} not allowed` });
  };

  return (req: IncomingMessage, res: ServerResponse): false | Promise<true> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(CONNECTIONS_PATH)) return false;
    const id = decodeURIComponent(url.pathname.slice(CONNECTIONS_PATH.length));
    const refusal = options.authorize?.(req.headers.authorization, id);
    if (refusal) {
      req.resume();
      reply(res, 403, { message: refusal }, 'AccessDeniedException');
      return Promise.resolve(true);
    }
    return manage(req, res, id, url).then(() => true);
  };
}

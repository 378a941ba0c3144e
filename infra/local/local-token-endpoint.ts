/**
 * One-click sign-in for the embedded runtime: `POST /local/token` with
 * `{"role": "screen"}` (or `{"role": "department", "dept": "sorting"}`) answers
 * `{"token": "<jwt>"}` signed by the local key, the same token `npm run token`
 * prints. It is a plugin of the local server, so it exists only in the embedded
 * runtime: no Lambda handler has this route (functions/ never imports infra/).
 *
 * Anyone who can reach it can mint an admin token, so it answers only requests
 * that come from loopback, addressed to a loopback host name (a DNS-rebinding
 * page on another site arrives with its own Host), with a JSON body (a
 * cross-site form cannot send one without a CORS preflight, which this route
 * never grants).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REPORT_DOMAINS, type ReportDomain, ROLES, type Role } from '../../schema/model.js';
import { signLocalToken } from './local-keys.js';
import type { LocalServerPlugin } from './local-server.js';
import { readBodyUpTo } from './read-body.js';

export const LOCAL_TOKEN_PATH = '/local/token';
/** As long as `npm run token`'s default: a working day. */
const TTL = '12h';
const MAX_BODY_BYTES = 1024;

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.replace(/^::ffff:/, '');
  return v4.startsWith('127.') || address === '::1';
}

/** `localhost`, `127.x.x.x` or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): true {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  return true;
}

const refuse = (res: ServerResponse, status: number, zh: string, en: string) =>
  answer(res, status, { message: `${zh} / ${en}` });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (!body) throw new Error('body too large');
  return JSON.parse(body.toString('utf8'));
}

/** What the request asks for, or the reason it is refused (Chinese / English). */
export function parseTokenRequest(body: unknown): { role: Role; dept?: ReportDomain } | { error: [string, string] } {
  const b = (body && typeof body === 'object' ? body : {}) as { role?: unknown; dept?: unknown };
  if (!(ROLES as readonly unknown[]).includes(b.role)) {
    return {
      error: [`role 必须是 ${ROLES.join(' | ')}`, `role must be one of ${ROLES.join(' | ')} (got ${String(b.role)})`],
    };
  }
  const role = b.role as Role;
  if (role !== 'department') {
    if (b.dept !== undefined) return { error: ['只有部门令牌需要 dept', 'dept is only for department tokens'] };
    return { role };
  }
  if (!(REPORT_DOMAINS as readonly unknown[]).includes(b.dept)) {
    return {
      error: [
        `部门令牌需要 dept = ${REPORT_DOMAINS.join(' | ')}`,
        `a department token needs dept = ${REPORT_DOMAINS.join(' | ')}`,
      ],
    };
  }
  return { role, dept: b.dept as ReportDomain };
}

export function localTokenEndpoint(privateKeyPem: string): LocalServerPlugin {
  return {
    async handleRequest(req, res) {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== LOCAL_TOKEN_PATH) return false;
      if (!isLoopbackAddress(req.socket.remoteAddress) || !isLoopbackHost(req.headers.host)) {
        req.resume();
        return refuse(
          res,
          403,
          '本地令牌只签发给本机（loopback）请求',
          'local tokens are issued to loopback requests only',
        );
      }
      if (req.method !== 'POST') {
        req.resume();
        res.setHeader('allow', 'POST');
        return refuse(res, 405, '请用 POST', 'use POST');
      }
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        req.resume();
        return refuse(res, 415, '请求体须为 JSON', 'the body must be JSON (content-type: application/json)');
      }
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        return refuse(res, 400, '请求体不是有效的 JSON（最多 1 KB）', 'the body is not valid JSON (1 KB at most)');
      }
      const wanted = parseTokenRequest(body);
      if ('error' in wanted) return refuse(res, 400, ...wanted.error);
      const token = await signLocalToken(privateKeyPem, { ...wanted, ttl: TTL });
      return answer(res, 200, { token });
    },
  };
}

/**
 * The bad-input corpus (tests/corpus/*.json): loading, expanding the
 * `«rep:N:text»` placeholders (long inputs stay small on disk), the tokens a
 * case names, and the checks every answer must pass: a documented client code,
 * nothing internal in the text.
 */
import { readFileSync } from 'node:fs';
import { importPKCS8, SignJWT } from 'jose';
import { LOCAL_ALG, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../functions/core/auth/verify-token.js';
import type { TestHub } from './test-hub.js';

const expandText = (s: string) => s.replace(/«rep:(\d+):([^»]*)»/g, (_m, n, text) => text.repeat(Number(n)));

export function expand<T>(v: T): T {
  if (typeof v === 'string') return expandText(v) as T;
  if (Array.isArray(v)) return v.map(expand) as T;
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [expandText(k), expand(x)])) as T;
  }
  return v;
}

export function loadCorpus<T>(name: string): T[] {
  return JSON.parse(readFileSync(new URL(`../corpus/${name}.json`, import.meta.url), 'utf8')) as T[];
}

/** The client codes of the contract (INTERNAL is never an answer to bad input). */
export const CLIENT_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'CONFLICT', 'BUSY'];

/** What must never appear in an answer: stack frames, source paths, store or runtime internals. */
export const LEAKS =
  /(\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|ValidationException|DynamoDB|dynalite|TypeError|RangeError|ReferenceError|Maximum call stack|ECONN|stack)/i;

/** Tokens by kind: valid ones per role, and every way a token can be bad. */
export async function corpusTokens(hub: TestHub): Promise<Record<string, string | null>> {
  const key = await importPKCS8(hub.keys.privateKeyPem, LOCAL_ALG);
  const sign = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string; exp?: number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: LOCAL_ALG })
      .setSubject('corpus-1')
      .setIssuer(opts.iss ?? LOCAL_ISSUER)
      .setAudience(opts.aud ?? LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '1h')
      .sign(key);
  const good = await hub.token('screen');
  const [head, body] = good.split('.');
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.`;
  return {
    screen: good,
    sorting: await hub.token('department', 'sorting'),
    construction: await hub.token('department', 'construction'),
    auditor: await hub.token('auditor'),
    admin: await hub.token('admin'),
    none: null,
    forged: `${head}.${body}.${Buffer.from('not the signature').toString('base64url')}`,
    expired: await sign({ role: 'screen' }, { exp: hourAgo }),
    'wrong-audience': await sign({ role: 'screen' }, { aud: 'someone-else' }),
    'wrong-issuer': await sign({ role: 'screen' }, { iss: 'https://evil.example' }),
    garbage: 'abc.def.ghi',
    'alg-none': none,
    'empty-bearer': '',
    basic: 'BASIC',
    'no-role': await sign({}),
    'unknown-dept': await sign({ role: 'department', dept: 'finance' }),
  };
}

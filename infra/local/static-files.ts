/** Serves the web client's built files (web/dist) at `/`, with the client config the deploy would write. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  clientConfig: Record<string, unknown>,
): boolean {
  if (pathname === '/config.json') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(clientConfig));
    return true;
  }
  const base = resolve(root);
  const rel = pathname === '/' ? '/index.html' : pathname;
  const file = normalize(join(base, decodeURIComponent(rel)));
  if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) {
    if (pathname === '/' && !existsSync(join(base, 'index.html'))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><meta charset="utf-8"><title>Guancheng Live</title><p>Guancheng Live is running. The API is at <a href="/graphql">/graphql</a>. Build the web client with <code>npm run build:web</code>.</p>',
      );
      return true;
    }
    return false;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=300',
  });
  res.end(readFileSync(file));
  return true;
}

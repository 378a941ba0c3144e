/**
 * A server under benchmark, run in its own process (so its RSS is its own):
 * `tsx tests/bench/peers/peer-server.ts hub|baseline [--latency-ms 20] [--web DIR]`
 * prints one JSON line `{ url, screenToken, deptToken, pid }`, then serves
 * until its stdin closes.
 */
import type { ReportDomain, Role } from '../../../schema/model.js';

export interface PeerServer {
  url: string;
  token(role: Role, dept?: ReportDomain): Promise<string>;
  close(): Promise<void>;
}

export interface PeerHello {
  url: string;
  screenToken: string;
  deptToken: string;
  pid: number;
}

async function main() {
  const [kind, ...rest] = process.argv.slice(2);
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  let server: PeerServer;
  if (kind === 'baseline') {
    server = await (await import('./baseline-server.js')).startBaseline();
  } else if (kind === 'hub') {
    const latency = flag('--latency-ms');
    server = await (await import('./hub-server.js')).startHubServer({
      latencyMs: latency === undefined ? 0 : Number(latency),
      webRoot: flag('--web'),
    });
  } else {
    throw new Error(`peer-server: expected "hub" or "baseline", got ${JSON.stringify(kind)}`);
  }
  const hello: PeerHello = {
    url: server.url,
    screenToken: await server.token('screen'),
    deptToken: await server.token('department', 'sorting'),
    pid: process.pid,
  };
  process.stdout.write(`${JSON.stringify(hello)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().finally(() => process.exit(0)));
}

if (process.argv[1]?.endsWith('peer-server.ts')) await main();

/**
 * A server under benchmark, run in its own process (so its RSS is its own):
 * `tsx tests/bench/peers/peer-server.ts hub|baseline [--latency-ms 20] [--web DIR]`
 * prints one JSON line `{ url, screenToken, deptToken, pid }`, then serves
 * until its stdin closes.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import type { ReportDomain, Role } from '../../../schema/model.js';

/** A CPU profile of a window of this process's life, through the inspector (no flags at start). */
class CpuWindow {
  private session: Session | null = null;
  async start() {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
  }
  async stop(file: string) {
    if (!this.session) return;
    const { profile } = await this.session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    this.session.disconnect();
    this.session = null;
  }
}

export interface PeerServer {
  url: string;
  token(role: Role, dept?: ReportDomain, sub?: string): Promise<string>;
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
  // Commands on stdin, each answered by one line: `profile start` / `profile stop FILE` take a CPU profile
  // of this process's main thread (fan-out-latency.ts: over untimed reports after the timed ones), answered `ok`;
  // `tokens FROM COUNT` answers a JSON array of screen tokens, each its own principal (bench-screen-FROM...).
  const screenTokens = async (from: number, count: number) =>
    JSON.stringify(
      await Promise.all(
        Array.from({ length: count }, (_, i) => server.token('screen', undefined, `bench-screen-${from + i}`)),
      ),
    );
  const profiler = new CpuWindow();
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [word, a, b] = line.split(' ');
    const answer =
      word === 'tokens'
        ? screenTokens(Number(a), Number(b))
        : word === 'profile' && a === 'start'
          ? profiler.start().then(() => 'ok')
          : profiler.stop(b ?? a).then(() => 'ok');
    void answer.then((text) => process.stdout.write(`${text}\n`));
  });
  process.stdin.on('end', () => void server.close().finally(() => process.exit(0)));
}

if (process.argv[1]?.endsWith('peer-server.ts')) await main();

/** Starts a benchmarked server in its own process and reads its memory from /proc. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PeerHello } from './peer-server.js';

export interface PeerProcess {
  kind: 'hub' | 'baseline';
  /** Names the run in file names: `aws-model` when posts are slowed (--latency-ms), else `embedded`. */
  tag: string;
  hello: PeerHello;
  /** Resident set size of the server process, MB. */
  rssMb(): number;
  /** CPU time the server process has used so far, all threads, user + system, ms (10 ms ticks). */
  cpuMs(): number;
  /** Starts a CPU profile of the server's main thread (see peer-server.ts). */
  profileStart(): Promise<void>;
  /** Stops it and writes it to `file` (a .cpuprofile: tests/bench/profile-summary.ts reads it). */
  profileStop(file: string): Promise<void>;
  /**
   * Screen tokens of principals bench-screen-FROM... (one principal per subscriber, as screens are:
   * a principal's connection cap counts its own connections, which with one token for 10,000 made
   * every connect read all the others).
   */
  screenTokens(from: number, count: number): Promise<string[]>;
  /** POSTs a sorting report as the department; returns its seq. */
  report(i: number): Promise<number>;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./peer-server.ts', import.meta.url));
const REPORT = 'mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { seq } } }';

export async function startPeer(kind: 'hub' | 'baseline', args: string[] = []): Promise<PeerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, kind, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const lines = createInterface({ input: child.stdout! });
  const hello = await new Promise<PeerHello>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before it was ready`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as PeerHello));
  });
  // After the hello, the server's stdout only answers commands, one `ok` each, in order.
  const answers: ((line: string) => void)[] = [];
  lines.on('line', (line) => answers.shift()?.(line));
  const command = (line: string) =>
    new Promise<string>((resolve) => {
      answers.push(resolve);
      child.stdin?.write(`${line}\n`);
    });
  return {
    kind,
    tag: args.includes('--latency-ms') ? 'aws-model' : 'embedded',
    hello,
    profileStart: () => command('profile start').then(() => {}),
    profileStop: (file) => command(`profile stop ${file}`).then(() => {}),
    screenTokens: async (from, count) => JSON.parse(await command(`tokens ${from} ${count}`)) as string[],
    cpuMs() {
      // /proc/PID/stat: utime and stime are fields 14 and 15, after the command name in parentheses.
      const fields = readFileSync(`/proc/${hello.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    rssMb() {
      const status = readFileSync(`/proc/${hello.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    async report(i) {
      const date = new Date(Date.UTC(2025, 0, 1 + (i % 300))).toISOString().slice(0, 10);
      for (;;) {
        const res = await fetch(`${hello.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${hello.deptToken}` },
          body: JSON.stringify({
            query: REPORT,
            variables: { input: { street: '410104001', date, coverageRate: 90 + (i % 10), recoveryRate: 35 } },
          }),
        });
        if (res.status === 429) {
          await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
          continue;
        }
        const body = (await res.json()) as {
          data?: { reportSortingRate: { event: { seq: number } } };
          errors?: unknown;
        };
        if (!body.data) throw new Error(`report failed: ${JSON.stringify(body.errors)}`);
        return body.data.reportSortingRate.event.seq;
      }
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

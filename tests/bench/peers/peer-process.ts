/** Starts a benchmarked server in its own process and reads its memory from /proc. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PeerHello } from './peer-server.js';

export interface PeerProcess {
  hello: PeerHello;
  /** Resident set size of the server process, MB. */
  rssMb(): number;
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
  return {
    hello,
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

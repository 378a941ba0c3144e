/**
 * `tsx tests/bench/profile-summary.ts FILE.cpuprofile...` (PROFILE_TOP=20 functions): where a V8 CPU
 * profile's time went, by area (our functions, the local AWS emulation, the
 * SDK's signing, ws, the store, GC, idle) and by function, self time. The
 * bench writes profiles of the hub to .bench/profiles/ (peers/index.ts) and
 * puts these tables in bench/results.md ("Where the hub's time goes").
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a frame belongs to, from its script's path: first match wins. */
const AREAS: [string, RegExp][] = [
  ['SigV4 signing (@smithy/signature-v4, hashes)', /signature-v4|@aws-crypto|sha256|hash-node/],
  ['AWS SDK client (middleware, HTTP handler, serde)', /@aws-sdk|@smithy/],
  ['embedded DynamoDB (dynalite, leveldown)', /dynalite|level|memdown|abstract-|lazy\b/],
  ['local API Gateway / Lambda emulation (infra/local)', /\/infra\/local\//],
  ['hub functions: realtime delivery', /\/functions\/core\/realtime\//],
  ['hub functions: other', /\/functions\/|\/schema\//],
  ['ws (WebSocket frames)', /node_modules\/ws\//],
  ['GraphQL execution (graphql, yoga, pothos)', /graphql|yoga|pothos|envelop|whatwg/],
  ['Node core (http, net, streams, crypto, timers)', /^node:/],
  ['other JavaScript', /./],
];

function areaOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : 'V8 builtins and natives';
  return AREAS.find(([, re]) => re.test(frame.url))?.[0] ?? 'other JavaScript';
}

/** What the profile covered, to put its busy time per event and per subscriber. */
export interface ProfiledWork {
  events: number;
  subscribers: number;
}

export function summarize(profile: Profile, top = 20, work?: ProfiledWork): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    areas.set(areaOf(f), (areas.get(areaOf(f)) ?? 0) + us);
    const path = f.url
      .replace(/^file:\/\//, '')
      .replace(ROOT, '')
      .replace(/^.*node_modules\//, '');
    const where = f.url ? `${path}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1)}%`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, us]) =>
          `| ${k} | ${(us / 1000).toFixed(0)} ms | ${pct(us, total)} | ${k === '(idle)' ? '' : pct(us, busy)} |`,
      );
  const perEvent = work
    ? ` over ${work.events} events to ${work.subscribers.toLocaleString('en')} subscribers: ${(busy / 1000 / work.events).toFixed(0)} ms busy per event, ${(busy / work.events / work.subscribers).toFixed(0)} µs per subscriber per event`
    : '';
  return [
    `Main thread: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (not idle)${perEvent}.`,
    '',
    '| area (self time) | time | of all | of busy |',
    '|---|---|---|---|',
    ...rows(areas, AREAS.length + 4),
    '',
    `| top ${top} functions (self time) | time | of all | of busy |`,
    '|---|---|---|---|',
    ...rows(fns, top),
  ].join('\n');
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const files = process.argv.slice(2);
  if (!files.length) throw new Error('usage: tsx tests/bench/profile-summary.ts FILE.cpuprofile... (PROFILE_TOP=20)');
  for (const file of files) {
    console.log(`\n## ${file}\n`);
    console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(process.env.PROFILE_TOP ?? 20)));
  }
}

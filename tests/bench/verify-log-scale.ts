/**
 * `npx tsx tests/bench/verify-log-scale.ts`: verifyLog on a large log (issue 8,
 * acceptance 4), for the README. Builds BENCH_EVENTS (default 200,000) events
 * of ~1.2 KB straight into an in-memory store, then calls the audit service
 * as the Http function would, with a whole Http invocation's time left:
 *   - the first call (no anchor yet), and the calls it takes to reach the head
 *   - a later call after 1,000 new events (what a daily check costs)
 *   - a full re-verification from seq 1, continued over calls
 * Every call must answer within the Http timeout of functions/manifest.ts.
 */
import { cpus } from 'node:os';
import { auditService } from '../../functions/core/domain/audit.js';
import { functionSpec } from '../../functions/manifest.js';
import type { LogVerification } from '../../schema/model.js';
import { buildLog, largeReport } from '../helpers/build-log.js';
import { startTestStore } from '../helpers/test-store.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const N = Number(process.env.BENCH_EVENTS ?? 200_000);
const TIMEOUT_MS = functionSpec('Http').timeoutSeconds * 1000;

async function main() {
  const t = await startTestStore();
  const audit = auditService(t.store);
  let t0 = Date.now();
  const built = await buildLog(t.store, 'sorting', N, { data: largeReport, indexes: false, parallel: 16 });
  console.log(
    `built ${N.toLocaleString('en')} events in ${((Date.now() - t0) / 1000).toFixed(1)} s (${cpus().length} cpus)`,
  );

  const call = async (label: string, full = false) => {
    const start = Date.now();
    const v: LogVerification = await audit.verifyLog('sorting', { remainingMs: TIMEOUT_MS, full });
    const ms = Date.now() - start;
    if (ms > TIMEOUT_MS) throw new Error(`${label}: ${ms} ms is past the Http timeout`);
    if (!v.ok) throw new Error(`${label}: ${v.reason}`);
    console.log(
      `${label}: ${ms} ms, mode ${v.mode}, checked ${v.checked}, verifiedThrough ${v.verifiedThrough}, complete ${v.complete}, full ${v.fullCheckProgress}/${v.fullCheckTarget}`,
    );
    return v;
  };

  let v = await call('first call');
  let calls = 1;
  t0 = Date.now();
  while (!v.complete) {
    v = await call(`call ${++calls}`);
  }
  console.log(`head reached after ${calls} calls`);
  const more = await buildLog(t.store, 'sorting', 1000, { after: built[N - 1], data: largeReport, indexes: false });
  v = await call('later call, 1,000 new events');
  if (v.verifiedThrough !== more[999].seq) throw new Error('later call did not reach the head');
  v = await call('later call, nothing new');
  v = await call('full re-verification, first slice', true);
  let slices = 1;
  while (v.fullCheckProgress !== null) {
    v = await call(`full re-verification, slice ${++slices}`);
  }
  console.log(`full re-verification done in ${slices} calls, lastFullCheckThrough ${v.lastFullCheckThrough}`);
  await t.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

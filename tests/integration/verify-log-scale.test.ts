/**
 * Issue 8, acceptance 4: verifyLog on a 200,000-event log answers within the
 * Http timeout (from the manifest), given to the audit service as the time
 * left, as the Lambda context would. The log is built the fast way: events
 * chained with the real hash and batch-written without index attributes
 * (about 5,500 items/s of ~0.7 KB on this 2-core machine, so 35–70 s).
 * `npx tsx tests/bench/verify-log-scale.ts` prints the same walk with
 * ~1.2 KB items for the README.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditService } from '../../functions/core/domain/audit.js';
import { functionSpec } from '../../functions/manifest.js';
import type { HubEventRecord, LogVerification } from '../../schema/model.js';
import { buildLog } from '../helpers/build-log.js';
import { startTestStore, type TestStore } from '../helpers/test-store.js';

const EVENTS = 200_000;
const TIMEOUT_MS = functionSpec('Http').timeoutSeconds * 1000;

describe(`verifyLog on ${EVENTS.toLocaleString('en')} events, each call within the Http timeout (${TIMEOUT_MS} ms)`, () => {
  let t: TestStore;
  let log: HubEventRecord[];
  beforeAll(async () => {
    t = await startTestStore();
    log = await buildLog(t.store, 'sorting', EVENTS, { indexes: false, parallel: 16 });
  }, 400_000);
  afterAll(() => t.close());

  const call = async (full = false) => {
    const start = performance.now();
    const v: LogVerification = await auditService(t.store).verifyLog('sorting', { remainingMs: TIMEOUT_MS, full });
    const ms = performance.now() - start;
    expect(ms, 'answered within the Http timeout').toBeLessThan(TIMEOUT_MS);
    return { v, ms };
  };

  it('every call answers in time; the first ones walk to the head, a later one checks only what is new', async () => {
    const first = await call();
    expect(first.v).toMatchObject({ ok: true, mode: 'FULL' });
    let v = first.v;
    const progress = [v.verifiedThrough];
    for (let calls = 1; !v.complete && calls < 50; calls++) {
      v = (await call()).v;
      expect(v.ok).toBe(true);
      progress.push(v.verifiedThrough);
    }
    expect(v).toMatchObject({ ok: true, complete: true, verifiedThrough: EVENTS, headHash: log[EVENTS - 1].hash });
    // Each call moved the anchor on: no call re-read what an earlier one verified.
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
    expect(v.lastFullCheckThrough).toBe(EVENTS);

    const more = await buildLog(t.store, 'sorting', 100, { after: log[EVENTS - 1] });
    const later = await call();
    expect(later.v).toMatchObject({ ok: true, mode: 'INCREMENTAL', checked: 100, complete: true });
    expect(later.v.verifiedThrough).toBe(more[99].seq);
    console.log(
      `verifyLog on ${EVENTS} events: first call ${first.ms.toFixed(0)} ms (${first.v.verifiedThrough} events), ` +
        `${progress.length} calls to the head, later call (100 new) ${later.ms.toFixed(0)} ms`,
    );

    // A full re-verification, asked for, also goes slice by slice within the timeout.
    let full = (await call(true)).v;
    for (let calls = 1; full.fullCheckProgress !== null && calls < 50; calls++) full = (await call()).v;
    expect(full).toMatchObject({ ok: true, fullCheckProgress: null, lastFullCheckThrough: EVENTS + 100 });
  }, 400_000);
});

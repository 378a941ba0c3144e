/**
 * Acceptance 2: 8 concurrent writers × 200 appends to one domain → seqs
 * 1..1600, gapless, no duplicates, and the chain verifies. Each writer is its
 * own LogWriter (its own cached head), as 8 Lambda instances would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAfter } from '../../functions/core/log/log-reader.js';
import { LogWriter } from '../../functions/core/log/log-writer.js';
import { verifyLog } from '../../functions/core/log/verify-log.js';
import { BusyError } from '../../schema/errors.js';
import type { HubEventRecord } from '../../schema/model.js';
import { startTestStore, type TestStore } from '../helpers/test-store.js';

describe('concurrent appends to one log', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(() => t.close());

  it('8 writers × 200 appends give seqs 1..1600 with a valid chain', async () => {
    let busy = 0;
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const writer = new LogWriter(t.store);
        const mine: HubEventRecord[] = [];
        for (let i = 0; i < 200; i++) {
          // BUSY means nothing was written: a client retries it, as this one does.
          for (;;) {
            try {
              mine.push(
                await writer.append({
                  domain: 'sorting',
                  actor: { sub: `writer-${w}`, role: 'department', dept: 'sorting' },
                  entityId: `w${w}:${i}`,
                  data: { writer: w, i },
                  type: { first: 'TestAppended', correction: 'TestCorrected' },
                }),
              );
              break;
            } catch (err) {
              if (!(err instanceof BusyError)) throw err;
              busy++;
            }
          }
        }
        return mine;
      }),
    );
    const returned = results
      .flat()
      .map((e) => e.seq)
      .sort((a, b) => a - b);
    expect(returned).toEqual(Array.from({ length: 1600 }, (_, i) => i + 1));

    const stored = await readAfter(t.store, 'sorting', 0);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 1600 }, (_, i) => i + 1));
    // Every write is in the log exactly once.
    expect(new Set(stored.map((e) => e.entityId)).size).toBe(1600);
    const verification = await verifyLog(t.store, 'sorting');
    expect(verification).toMatchObject({ ok: true, checked: 1600, firstBadSeq: null });
    console.log(`8×200 appends: ${busy} BUSY answers retried by the clients`);
  });
});

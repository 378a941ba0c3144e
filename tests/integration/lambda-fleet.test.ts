/**
 * The embedded runtime runs every function as Lambda would (issue 8,
 * acceptance 1): through the fleet, an Http invocation past its (compressed)
 * deadline is a timeout (a function error, answered 500) whose instance is
 * thrown away; a store command outside a function's grants is
 * AccessDeniedException; two Http instances with diverging cached log heads
 * taking concurrent reports to one domain still produce a gapless,
 * verifiable log.
 */
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logPk, seqSk } from '../../functions/core/store/keys/log.js';
import { functionSpec } from '../../functions/manifest.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a handler past its deadline', () => {
  // Http's 15 s from the manifest, compressed to 3 s.
  const timeScale = 0.2;
  let hub: TestHub;
  let slow = false;
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true, timeScale, maxInstances: { Http: 2 } });
    // A slow store, as a throttled or overloaded table would be: every command waits past the deadline.
    hub.fleet.useMiddleware(
      (client) =>
        client.middlewareStack.add(
          (next) => async (args) => {
            if (slow) await sleep(functionSpec('Http').timeoutSeconds * 1000 * timeScale + 1500);
            return next(args);
          },
          { step: 'initialize', name: 'slowStore' },
        ),
      'Http',
    );
  });
  afterAll(() => hub.close());

  it('a timed-out invocation is a function error: the HTTP API answers 500, the instance is discarded and rebuilt', async () => {
    const screen = await hub.token('screen');
    expect((await hub.gql('{ streets { code } }', {}, screen)).status).toBe(200);
    const before = hub.fleet.http.instances.map((i) => i.id);
    slow = true;
    const started = Date.now();
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${screen}` },
      body: JSON.stringify({ query: '{ streets { code } }' }),
    });
    const elapsed = Date.now() - started;
    slow = false;
    // The Http function's timeout ends it before the route's 30 s would: Lambda's error, API Gateway's 500.
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    // Ended at the deadline, not when the handler would have finished.
    expect(elapsed).toBeGreaterThanOrEqual(3000 - 50);
    expect(elapsed).toBeLessThan(3000 + 1400);
    expect(hub.fleet.http.stats.discarded).toBe(1);
    const after = hub.fleet.http.instances.map((i) => i.id);
    expect(after).toHaveLength(2);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
    // The fresh instance serves (a cold start: its own caches, its own client).
    const again = await hub.gql('{ streets { code } }', {}, screen);
    expect(again.status).toBe(200);
    expect((again.body.data as { streets: unknown[] }).streets).toHaveLength(12);
  });
});

describe('the fleet', () => {
  let hub: TestHub;
  beforeAll(async () => {
    // Exactly two Http instances: a burst queues instead of scaling out.
    hub = await startTestHub({ withReference: true, instances: { Http: 2 }, maxInstances: { Http: 2 } });
  });
  afterAll(() => hub.close());

  it("refuses a store command outside a function's grants with AccessDeniedException", async () => {
    const table = hub.config.hubTable;
    const logKey = { PK: logPk('sorting'), SK: seqSk(1) };
    const [http] = hub.fleet.http.instances;
    const [stream] = hub.fleet.stream.instances;
    const [ws] = hub.fleet.ws.instances;
    const [sweep] = hub.fleet.sweeper.instances;
    const denied = async (p: Promise<unknown>) => {
      const err = (await p.then(
        () => null,
        (e) => e,
      )) as Error & { $metadata?: { httpStatusCode?: number } };
      expect(err?.name).toBe('AccessDeniedException');
      expect(err.$metadata?.httpStatusCode).toBe(400);
      return err.message;
    };
    const before = hub.fleet.denials.length;
    // Http may append to the log, never delete from it.
    const msg = await denied(http.value.runtime.ddb.send(new DeleteCommand({ TableName: table, Key: logKey })));
    expect(msg).toMatch(
      /assumed-role\/Http\/Http is not authorized to perform: dynamodb:DeleteItem on resource: .*table\//,
    );
    // Stream projects and delivers; it never appends.
    await denied(
      stream.value.hub.store.ddb.send(new PutCommand({ TableName: table, Item: { ...logKey, SK: seqSk(99) } })),
    );
    // Only the Sweep may Scan the connections table, and it never reads the hub table.
    await denied(ws.value.base.ddb.send(new ScanCommand({ TableName: hub.config.connectionsTable })));
    await denied(sweep.client.send(new GetCommand({ TableName: table, Key: logKey }) as never) as Promise<unknown>);
    expect(hub.fleet.denials.slice(before).map((d) => [d.functionName, d.request.action])).toEqual([
      ['Http', 'dynamodb:DeleteItem'],
      ['Stream', 'dynamodb:PutItem'],
      ['Ws', 'dynamodb:Scan'],
      ['Sweep', 'dynamodb:GetItem'],
    ]);
    // What the grants do cover goes through.
    expect(
      (await stream.value.hub.store.ddb.send(new GetCommand({ TableName: table, Key: logKey }))).$metadata,
    ).toBeTruthy();
  });

  it('two Http instances with diverging cached heads still write a gapless, verifiable log', async () => {
    const reporter = await hub.token('department', 'sorting');
    const report = (i: number) =>
      hub.gql<{ reportSortingRate: { event: { seq: number } } }>(
        'mutation($i: SortingReportInput!) { reportSortingRate(input: $i) { event { seq } } }',
        {
          i: {
            street: `4101040${String((i % 12) + 1).padStart(2, '0')}`,
            date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
            coverageRate: 90 + (i % 10),
            recoveryRate: 35,
          },
        },
        reporter,
      );
    let conflicts = 0;
    hub.fleet.useMiddleware(
      (client) =>
        client.middlewareStack.add(
          (next) => async (args) => {
            try {
              return await next(args);
            } catch (err) {
              if ((err as Error).name === 'ConditionalCheckFailedException') conflicts++;
              throw err;
            }
          },
          { step: 'initialize', name: 'countConflicts' },
        ),
      'Http',
    );
    // One at a time, the oldest idle instance takes every request: the other keeps no head at all.
    for (let i = 0; i < 4; i++) expect((await report(i)).body.data?.reportSortingRate.event.seq).toBe(i + 1);
    const heads = () => hub.fleet.http.instances.map((x) => x.value.runtime.hub.writer.head('sorting').headSeq);
    expect(heads()).toEqual([4, 0]);
    const served = () => hub.fleet.http.instances.map((x) => x.invoke.stats.invocations);
    const servedBefore = served();

    const N = 24;
    const results = await Promise.all(Array.from({ length: N }, (_, k) => report(4 + k)));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const seqs = results.map((r) => r.body.data!.reportSortingRate.event.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: N }, (_, k) => 5 + k));
    // Both instances took part, and their stale heads collided at least once (retried, never a gap).
    const servedAfter = served();
    expect(servedAfter[0] - servedBefore[0]).toBeGreaterThan(0);
    expect(servedAfter[1] - servedBefore[1]).toBeGreaterThan(0);
    expect(conflicts).toBeGreaterThan(0);

    const auditor = await hub.token('auditor');
    const verified = await hub.gql('{ verifyLog(domain: SORTING) { ok checked firstBadSeq } }', {}, auditor);
    expect(verified.body.data).toEqual({ verifyLog: { ok: true, checked: N + 4, firstBadSeq: null } });
    await hub.stream.idle();
    expect(hub.fleet.denials).toHaveLength(4); // only the four the previous test provoked
  });
});

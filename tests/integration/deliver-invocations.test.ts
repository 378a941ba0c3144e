/**
 * Issue 10: on AWS, a group's shards beyond the first are delivered by
 * synchronous invocations of the Deliver function. Here the Stream function's
 * real LambdaClient invokes it through the local Lambda API, on its own
 * instance pool, under its manifest deadline and IAM. Shards of 2 connections,
 * so 7 screens make 4 shards: 1 in the Stream, 3 invoked.
 * - every screen gets every event exactly once, in order;
 * - throttled invocations (never run) are retried, then posted in process: nothing lost or doubled;
 * - an invocation that ran and then failed (a timeout) ends its shard's connections;
 *   their clients resume from their last cursor and end up with every event exactly once;
 * - the emulated IAM refuses an invoke the caller's manifest entry does not declare;
 * - a request over Lambda's 6 MB synchronous limit is refused (413).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA } from '../../functions/core/aws/service-limits.js';
import { localCredentialsFor } from '../../infra/local/aws/local-credentials.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { RawSocket } from '../helpers/ws-client.js';

const SCREENS = 7;
const SUB = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq cursor } }';

/** A screen that resumes from its last cursor whenever the hub closes its socket. */
class ResumingScreen {
  readonly seqs: number[] = [];
  cursor: string | null = null;
  closes: number[] = [];
  private socket!: RawSocket;
  private seen = 0;
  constructor(
    private readonly hub: TestHub,
    private readonly token: string,
  ) {}

  async open() {
    this.socket = await RawSocket.open(this.hub.port);
    this.seen = 0;
    await this.socket.init(this.token);
    this.socket.send({ id: 's', type: 'subscribe', payload: { query: SUB, variables: { after: this.cursor } } });
    this.socket.closed.then(async ({ code }) => {
      this.closes.push(code);
      if (code === 1011) await this.open();
    });
    this.socket.ws.on('message', () => this.take());
  }

  private take() {
    const messages = this.socket.messages.slice(this.seen);
    this.seen += messages.length;
    for (const m of messages) {
      if (m.type !== 'next') continue;
      const e = (m.payload as { data: { hubEvents: { seq: number; cursor: string } } }).data.hubEvents;
      this.seqs.push(e.seq);
      this.cursor = e.cursor;
    }
  }

  close() {
    this.socket.close();
  }
}

const deliverInvocations = (hub: TestHub) =>
  hub.fleet.deliverer.instances.reduce((n, i) => n + i.invoke.stats.invocations, 0);

describe('delivery by Deliver invocations', () => {
  let hub: TestHub;
  const screens: ResumingScreen[] = [];
  let day = 0;
  const report = () =>
    hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: `2026-11-${String(++day).padStart(2, '0')}`,
      coverageRate: 90,
      recoveryRate: 30,
    });
  const allGot = async (n: number) => {
    const deadline = Date.now() + 20_000;
    while (screens.some((s) => s.seqs.length < n) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await hub.stream.idle();
  };
  const exactlyOnceInOrder = (n: number) => {
    for (const s of screens) expect(s.seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  };

  beforeAll(async () => {
    hub = await startTestHub({ withReference: true, configure: { shardSize: 2 } });
    for (let i = 0; i < SCREENS; i++) {
      const s = new ResumingScreen(hub, await hub.token('screen', undefined, `wall-${i}`));
      await s.open();
      screens.push(s);
    }
    const deadline = Date.now() + 10_000;
    while ((await hub.realtime.store.subscribers('sorting', Date.now())).length < SCREENS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
  }, 60_000);
  afterAll(async () => {
    for (const s of screens) s.close();
    await hub?.close();
  });

  it('reaches every screen exactly once, in order, through Deliver invocations', async () => {
    for (let i = 0; i < 3; i++) await report();
    await allGot(3);
    exactlyOnceInOrder(3);
    // 3 events, each in its own group or together: at least 3 invoked shards per group.
    expect(deliverInvocations(hub)).toBeGreaterThanOrEqual(3);
    expect(hub.fleet.denials).toEqual([]);
    expect(screens.flatMap((s) => s.closes)).toEqual([]);
  });

  it('throttled invocations are retried, then posted in the Stream: nothing lost or doubled', async () => {
    const before = deliverInvocations(hub);
    hub.lambdaFaults.throttle.Deliver = 1_000;
    await report();
    await allGot(4);
    hub.lambdaFaults.throttle.Deliver = 0;
    exactlyOnceInOrder(4);
    // Never run: the function's instances saw none of them.
    expect(deliverInvocations(hub)).toBe(before);
    expect(screens.flatMap((s) => s.closes)).toEqual([]);
  });

  it('an invocation that ran and then failed ends its connections; they resume, nothing lost or doubled', async () => {
    hub.lambdaFaults.failAfterRun.Deliver = 1;
    await report();
    await allGot(5);
    // One shard of 2 connections was ended (1011) and resumed.
    const resumed = screens.filter((s) => s.closes.includes(1011));
    expect(resumed).toHaveLength(2);
    await report();
    await allGot(6);
    exactlyOnceInOrder(6);
  });

  const lambdaAs = (caller: string) =>
    new LambdaClient({
      region: hub.config.region,
      endpoint: hub.config.lambdaEndpoint,
      credentials: localCredentialsFor(caller),
      maxAttempts: 1,
    });
  const invoke = (caller: string, target: string, payload: Uint8Array) =>
    lambdaAs(caller).send(
      new InvokeCommand({ FunctionName: target, InvocationType: 'RequestResponse', Payload: payload }),
    );

  it('the emulated IAM refuses an invoke the manifest does not declare', async () => {
    const before = hub.fleet.denials.length;
    await expect(invoke('Ws', 'Deliver', Buffer.from('{}'))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/assumed-role\/Ws\/Ws is not authorized to perform: lambda:InvokeFunction/),
    });
    await expect(invoke('Stream', 'Http', Buffer.from('{}'))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(hub.fleet.denials.slice(before).map((d) => [d.functionName, d.request.action])).toEqual([
      ['Ws', 'lambda:InvokeFunction'],
      ['Stream', 'lambda:InvokeFunction'],
    ]);
  });

  it("refuses a request over Lambda's synchronous payload limit, and names a malformed one", async () => {
    const big = Buffer.alloc(LAMBDA.maxSyncPayloadBytes + 1, 0x20);
    await expect(invoke('Stream', 'Deliver', big)).rejects.toMatchObject({ name: 'RequestEntityTooLargeException' });
    const bad = await invoke('Stream', 'Deliver', Buffer.from('{"job":{"events":"x"}}'));
    expect(bad.FunctionError).toBe('Unhandled');
    expect(Buffer.from(bad.Payload ?? []).toString()).toMatch(/job\.events must be a list/);
  });
});

/**
 * The fan-out finds subscribers with Query only (one per topic, never a Scan)
 * and executes each distinct operation once per event, however many hold it.
 * Asserted on the commands the store client actually sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { client, collect, waitForSubscribers } from '../helpers/ws-client.js';

interface Sent {
  command: string;
  table?: string;
  pk?: string;
}

describe('fan-out store access and execution', () => {
  let hub: TestHub;
  const sent: Sent[] = [];
  let recording = false;
  beforeAll(async () => {
    // No sweeps during the test: the sweeper is the one job allowed to Scan.
    hub = await startTestHub({ withReference: true, ws: { sweepIntervalMs: 3_600_000 } });
    // Every store client: the fleet's (the Stream instance's fan-out among them) and the admin one.
    const record = (stack: typeof hub.runtime.ddb.middlewareStack) =>
      stack.add(
        (next, context) => async (args) => {
          if (recording) {
            const input = args.input as { TableName?: string; ExpressionAttributeValues?: Record<string, unknown> };
            sent.push({
              command: (context as { commandName?: string }).commandName ?? '?',
              table: input.TableName,
              pk: input.ExpressionAttributeValues?.[':pk'] as string | undefined,
            });
          }
          return next(args);
        },
        { step: 'initialize', name: 'recordCommands' },
      );
    record(hub.runtime.ddb.middlewareStack);
    hub.fleet.useMiddleware((client) => record(client.middlewareStack as never));
  });
  afterAll(() => hub.close());

  it('queries each topic, never scans, and renders each distinct operation once per event', async () => {
    const screen = client(hub.port, await hub.token('screen'));
    const A = 'subscription { hubEvents(domains: [SORTING]) { seq entityId } }';
    const B = 'subscription($s: ID) { hubEvents(domains: [SORTING], street: $s) { seq data } }';
    const subs = [
      collect(screen, A),
      collect(screen, A),
      collect(screen, A),
      collect(screen, B, { s: '410104001' }),
      collect(screen, B, { s: '410104001' }),
    ];
    await waitForSubscribers(hub, 'sorting', 3);
    await waitForSubscribers(hub, 'sorting#street#410104001', 2);
    await hub.stream.idle();

    const rendersBefore = hub.realtime.operations.renders;
    const postsBefore = hub.realtime.fanOut.stats.posts;
    recording = true;
    await hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: '2026-11-05',
      coverageRate: 97,
      recoveryRate: 36,
    });
    await hub.stream.idle();
    recording = false;
    await Promise.all(subs.map((s) => s.waitFor(1)));

    const onConnections = sent.filter((s) => s.table === hub.config.connectionsTable);
    expect(onConnections.map((s) => s.command).filter((c) => c !== 'QueryCommand')).toEqual([]);
    expect(onConnections.map((s) => s.pk).sort()).toEqual(
      ['TOPIC#sorting', 'TOPIC#sorting#entity#410104001', 'TOPIC#sorting#street#410104001'].sort(),
    );
    expect(sent.some((s) => s.command === 'ScanCommand')).toBe(false);
    expect(hub.realtime.operations.renders - rendersBefore).toBe(2);
    expect(hub.realtime.fanOut.stats.posts - postsBefore).toBe(5);
    await screen.dispose();
  });
});

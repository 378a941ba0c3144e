/**
 * Issue 8, failure 7: `upsertProject` can move a project to another street,
 * and the instance that delivers the next event need not be the one that
 * wrote the move. The next event of the project must reach the new street's
 * subscribers (`hubEvents(street:)`), not the old street's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../schema/model.js';
import { type DeliveryInstance, type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { ADMIN, dept } from '../helpers/test-hub.js';

const OLD_STREET = '410104001';
const NEW_STREET = '410104002';
const BY_STREET = 'subscription($s: ID) { hubEvents(domains: [CONSTRUCTION], street: $s) { seq entityId } }';

describe('the street of a project event after the project moved', () => {
  let rig: DeliveryRig;
  let deliverer: DeliveryInstance;
  let project: ProjectInput;
  beforeAll(async () => {
    rig = await startDeliveryRig();
    project = {
      code: 'P-9',
      name: '测试项目9',
      category: 'industrial',
      street: OLD_STREET,
      totalInvestment: 100_000,
      plannedInvestment: 12_000,
      year: new Date().getUTCFullYear(),
      status: 'started',
      responsibleUnit: '区发改委',
    };
    await rig.main.hub.services.reference.upsertProject(ADMIN, project);
    deliverer = rig.instance();
    await deliverer.fanOut.deliver('construction'); // the registration, before anyone subscribed
  });
  afterAll(() => rig?.close());

  const report = (investment: number) =>
    rig.main.hub.services.reports.reportProjectProgress(dept('construction'), {
      project: 'P-9',
      period: '2026-10',
      investment,
    });
  const seqsTo = (c: string) =>
    (rig.sockets.messages.get(c) ?? []).map(
      (m) => (m.payload as { data: { hubEvents: { seq: number } } }).data.hubEvents.seq,
    );

  it('delivers the next event to the new street only', async () => {
    await rig.connect('c-old', { sub: 'old-street-screen', role: 'screen' });
    await rig.connect('c-new', { sub: 'new-street-screen', role: 'screen' });
    await rig.subscribe('c-old', 's', BY_STREET, { s: OLD_STREET }, 1);
    await rig.subscribe('c-new', 's', BY_STREET, { s: NEW_STREET }, 1);

    const before = await report(100);
    await deliverer.fanOut.deliver('construction'); // this instance has now looked P-9 up
    expect(seqsTo('c-old')).toEqual([before.seq]);
    expect(seqsTo('c-new')).toEqual([]);

    // Another instance (the Http function's) moves the project; the deliverer does not see that write.
    const moved = await rig.instance().hub.services.reference.upsertProject(ADMIN, { ...project, street: NEW_STREET });
    const after = await report(200);
    await deliverer.fanOut.deliver('construction');
    // The move is about the new street (its data names it); the report after it follows the project.
    expect(seqsTo('c-old')).toEqual([before.seq]);
    expect(seqsTo('c-new')).toEqual([moved.seq, after.seq]);
  });
});

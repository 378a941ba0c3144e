/** The reference projection on fixed events: the streets. */
import { describe, expect, it } from 'vitest';
import { projectReference } from '../../../functions/core/projections/reference.js';
import { event, fold, item, partition } from '../../helpers/fold-events.js';

describe('reference projection', () => {
  it('registers streets and applies updates to them', () => {
    const items = fold(projectReference, [
      event('reference', 1, 'StreetRegistered', '410104001', {
        code: '410104001',
        name: '北下街街道',
        nameEn: 'Beixia',
      }),
      event('reference', 2, 'StreetRegistered', '410104002', {
        code: '410104002',
        name: '西大街街道',
        nameEn: 'Xidajie',
      }),
      event('reference', 3, 'StreetUpdated', '410104001', {
        code: '410104001',
        name: '北下街街道',
        nameEn: 'Beixiajie',
      }),
    ]);
    expect(partition(items, 'RM#STREET').map((s) => [s.code, s.nameEn, s.seq])).toEqual([
      ['410104001', 'Beixiajie', 3],
      ['410104002', 'Xidajie', 2],
    ]);
    expect(item(items, 'RM#STREET', '410104002')?.updatedAt).toBe(new Date(Date.UTC(2023, 6, 1, 0, 2)).toISOString());
    expect(item(items, 'RM#META', 'reference')).toMatchObject({ events: 3 });
  });

  it('other reference events only update their entity item and the domain marker', () => {
    const items = fold(projectReference, [event('reference', 1, 'SomethingElse', 'x', { code: 'x' })]);
    expect(partition(items, 'RM#STREET')).toEqual([]);
    expect([...items.values()].map((i) => i.PK).sort()).toEqual(['RM#E#reference#x', 'RM#META']);
  });
});

/** The bench's profile reader (tests/bench/profile-summary.ts): self time per area and function, busy time per event. */
import { describe, expect, it } from 'vitest';
import { summarize } from '../bench/profile-summary.js';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(idle)', '') },
    { id: 2, callFrame: frame('signRequest', 'file:///x/node_modules/@smithy/signature-v4/dist-cjs/index.js') },
    { id: 3, callFrame: frame('fanOut', 'file:///x/functions/core/realtime/delivery/fan-out.ts') },
    { id: 4, callFrame: frame('writev', '') },
  ],
  // 1 ms idle, 3 ms signing, 2 ms delivery, 4 ms writev: 10 ms sampled, 9 ms busy.
  samples: [1, 2, 2, 2, 3, 3, 4, 4, 4, 4],
  timeDeltas: Array(10).fill(1000),
};

describe('profile summary', () => {
  const text = summarize(profile, 3, { events: 3, subscribers: 1000 });

  it('puts busy time per event and per subscriber', () => {
    expect(text).toContain('0.0 s sampled');
    expect(text).toContain('3 ms busy per event, 3 µs per subscriber per event');
  });

  it('adds self time by area, the busiest first, idle apart', () => {
    const areas = text.split('\n').filter((l) => l.startsWith('| ') && l.includes(' ms |'));
    expect(areas[0]).toBe('| V8 builtins and natives | 4 ms | 40.0% | 44.4% |');
    expect(text).toContain('| SigV4 signing (@smithy/signature-v4, hashes) | 3 ms | 30.0% | 33.3% |');
    expect(text).toContain('| hub functions: realtime delivery | 2 ms | 20.0% | 22.2% |');
    expect(text).toContain('| (idle) | 1 ms | 10.0% |  |');
  });

  it('names functions by package path, not by the machine path', () => {
    expect(text).toContain('| signRequest @smithy/signature-v4/dist-cjs/index.js:1 | 3 ms |');
    expect(text).not.toContain('node_modules');
  });
});

/**
 * Mutations over the WebSocket answer in the connection's language: `lang`
 * ("zh" | "en") in the connection_init payload, kept with the connection, as
 * HTTP answers by x-hub-lang / Accept-Language. Without it: English; any other
 * value: close 4400 naming payload.lang. Through the embedded runtime's
 * gateway and the Ws function, as a browser's graphql-ws client would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

const REPORT = 'mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { seq } } }';
const BAD = { street: '410104001', date: '2026-11-02', coverageRate: 120, recoveryRate: 37 };

type Frame = { type: string; id?: string; payload?: { errors?: { message: string; extensions: object }[] } };

describe('WebSocket mutations in the connection language', () => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    token = await hub.token('department', 'sorting');
  });
  afterAll(() => hub.close());

  /** Opens a socket, sends connection_init with `extra`, and if acknowledged sends the bad report. */
  function exchange(extra: Record<string, unknown>): Promise<{ frames: Frame[]; close: [number, string] }> {
    const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const frames: Frame[] = [];
    return new Promise((resolve, reject) => {
      socket.on('error', reject);
      socket.on('open', () =>
        socket.send(
          JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}`, ...extra } }),
        ),
      );
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Frame;
        frames.push(frame);
        if (frame.type === 'connection_ack')
          socket.send(
            JSON.stringify({ type: 'subscribe', id: 'm1', payload: { query: REPORT, variables: { input: BAD } } }),
          );
        if (frame.type === 'complete') socket.close(1000, 'done');
      });
      socket.on('close', (code, reason) => resolve({ frames, close: [code, String(reason)] }));
    });
  }

  it('answers a bad figure in Chinese on a connection that said lang: "zh"', async () => {
    const { frames } = await exchange({ lang: 'zh' });
    const next = frames.find((f) => f.type === 'next');
    expect(next?.payload?.errors?.[0]).toMatchObject({
      message: '分类覆盖率：须在 0 到 100 之间（填写的是 120）',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.coverageRate' },
    });
  });

  it('answers in English without a lang (what department systems parse today) and with lang: "en"', async () => {
    for (const extra of [{}, { lang: 'en' }]) {
      const { frames } = await exchange(extra);
      expect(frames.find((f) => f.type === 'next')?.payload?.errors?.[0].message).toBe(
        'input.coverageRate: must be between 0 and 100 (got 120)',
      );
    }
  });

  it('closes 4400 naming payload.lang when it is neither zh nor en', async () => {
    const { frames, close } = await exchange({ lang: 'fr' });
    expect(frames).toEqual([]);
    expect(close[0]).toBe(4400);
    expect(close[1]).toContain('payload.lang must be "zh" or "en"');
  });
});

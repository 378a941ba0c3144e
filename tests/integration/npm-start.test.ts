/**
 * Acceptance 1, as a newcomer sees it: the start script serves the seeded hub
 * (here in memory on a free port), answers /healthz and a dashboard with the
 * demo data, and Ctrl-C stops it cleanly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLocalKeys, signLocalToken } from '../../infra/local/local-keys.js';

describe('npm start', () => {
  let child: ChildProcess | undefined;
  const dataDir = `/tmp/guancheng-start-${process.pid}`;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the seeded hub and stops cleanly on SIGINT', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'infra/local/start.ts', '--memory', '--port', '0', '--data-dir', dataDir],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'error' },
      },
    );
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    // While seeding, /healthz answers 503 with the progress; requests for data wait.
    let sawSeeding = false;
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(async () => {
        const listening = /listening on (http:\/\/localhost:\d+)/.exec(out);
        if (listening && !sawSeeding) {
          const h = await fetch(`${listening[1]}/healthz`).catch(() => null);
          if (h?.status === 503) sawSeeding = ((await h.json()) as { status: string }).status === 'seeding demo data';
        }
        const m = /Ready on (http:\/\/localhost:\d+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 100);
      child!.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    expect(out).toMatch(/seeded \d+ events/);
    expect(sawSeeding).toBe(true);
    expect(out).toMatch(/seeding demo data: sorting \d+\/\d+/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const key = readFileSync(`${dataDir}/keys/signing-key.pem`, 'utf8');
    const token = await signLocalToken(key, { role: 'screen' });
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query:
          '{ streets { code } projects { code } housingProjects { code } dashboard { construction { kpis { metric target } } sorting { ranking { rank } alerts { entityId } } } }',
      }),
    });
    const body = (await res.json()) as {
      data: {
        streets: unknown[];
        projects: unknown[];
        housingProjects: unknown[];
        dashboard: {
          construction: { kpis: { metric: string; target: number }[] };
          sorting: { ranking: unknown[]; alerts: unknown[] };
        };
      };
    };
    expect(body.data.streets).toHaveLength(12);
    expect(body.data.projects.length).toBeGreaterThanOrEqual(40);
    expect(body.data.housingProjects).toHaveLength(15);
    expect(body.data.dashboard.construction.kpis.find((k) => k.metric === 'investment')?.target).toBe(793);
    expect(body.data.dashboard.sorting.ranking).toHaveLength(12);
    expect(body.data.dashboard.sorting.alerts.length).toBeGreaterThan(0);
    // A token from another key is refused: the server uses the key under the data folder.
    const stranger = await signLocalToken((await generateLocalKeys()).privateKeyPem, { role: 'screen' });
    const refused = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stranger}` },
      body: '{"query":"{ me { sub } }"}',
    });
    expect(refused.status).toBe(401);

    const exit = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(out).toContain('stopped cleanly');
  }, 180_000);
});

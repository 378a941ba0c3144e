/**
 * Each Lambda bundles only what its handler composes, and the manifest's
 * `bundleAwsSdk` choice is what deploys. The Sweep leaves the AWS SDK to the
 * Node 22 runtime (functions/manifest.ts says why): the stack's asset is then
 * byte for byte what `npm run bundle-sizes` measures, imports the SDK instead
 * of carrying it, and still does its job when the SDK comes from outside the
 * bundle — here the repo's node_modules, as /var/runtime/node_modules on
 * Lambda. The request-path functions keep the SDK inside and never load yoga
 * where they do not answer HTTP.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConnectionStore } from '../../functions/core/realtime/connections/dynamo-connection-store.js';
import { functionSpec } from '../../functions/manifest.js';
import { bundleSize } from '../../infra/bundle-sizes.js';
import { handlerEsbuildOptions } from '../../infra/constructs/handler-bundling.js';
import { startTestStore, TABLES, type TestStore } from '../helpers/test-store.js';
import { bundledHandler } from './bundled-handler.js';
import { ROOT } from './synth-stack.js';

const sweepSpec = functionSpec('Sweep');

/** The external imports of an ESM bundle (`from"x"` once minified). */
const importsOf = (code: string) => new Set([...code.matchAll(/from\s*"([^"./][^"]*)"/g)].map((m) => m[1]));

describe('lean bundles', () => {
  it('the manifest leaves the AWS SDK to the runtime for the Sweep only', () => {
    expect(sweepSpec.bundleAwsSdk).toBe(false);
    for (const name of ['Http', 'Stream', 'Ws', 'WsAuthorize']) expect(functionSpec(name).bundleAwsSdk).toBeUndefined();
  });

  it("the stack's Sweep asset is the measured bundle byte for byte, importing the SDK rather than carrying it", async () => {
    const deployed = bundledHandler('Lean', sweepSpec).bundle();

    const measured = await bundleSize(sweepSpec);
    expect(measured.bundleBytes).toBe(deployed.byteLength);
    expect(measured.awsSdkBundled).toBe(false);
    const imports = importsOf(deployed.toString('utf8'));
    expect(imports).toContain('@aws-sdk/client-dynamodb');
    expect(imports).toContain('@aws-sdk/lib-dynamodb');
    expect(imports).toContain('@aws-sdk/client-apigatewaymanagementapi');
    // Only the SDK is left outside (its @smithy signer too, which the runtime ships with it: signed-post.ts);
    // graphql-ws and the rest of the Sweep's code are inside.
    const sdk = (m: string) => m.startsWith('@aws-sdk/') || m === '@smithy/signature-v4';
    expect([...imports].filter((m) => !sdk(m) && !m.startsWith('node:') && m !== 'module')).toEqual([]);
  });

  it('the Stream and the Ws bundle the SDK and leave the graphql-yoga app to the Http function', async () => {
    const bundle = async (name: string) => {
      const spec = functionSpec(name);
      const out = await build({
        ...handlerEsbuildOptions(join(ROOT, spec.entry), join(ROOT, `cdk.out/lean-bundles/${name}/index.mjs`), spec),
        write: false,
        metafile: true,
        logLevel: 'error',
      });
      return Object.keys(out.metafile.inputs);
    };
    const http = await bundle('Http');
    expect(http.some((f) => f.includes('node_modules/graphql-yoga/'))).toBe(true);
    for (const name of ['Stream', 'Ws']) {
      const inputs = await bundle(name);
      expect(
        inputs.some((f) => f.includes('node_modules/graphql-yoga/')),
        name,
      ).toBe(false);
      expect(
        inputs.some((f) => f.includes('functions/core/http/graphql-app.ts')),
        name,
      ).toBe(false);
      expect(
        inputs.some((f) => f.includes('node_modules/@aws-sdk/client-dynamodb/')),
        name,
      ).toBe(true);
    }
  });

  describe('the Sweep bundle, run with the SDK from outside it', () => {
    let t: TestStore;
    let management: Server;
    const closed: { connectionId: string; code: string | undefined }[] = [];

    beforeAll(async () => {
      t = await startTestStore();
      management = createServer((req, res) => {
        const id = decodeURIComponent((req.url ?? '').split('/@connections/')[1] ?? '');
        if (req.method === 'DELETE') closed.push({ connectionId: id, code: req.headers['x-close-code'] as string });
        res.writeHead(204).end();
      });
      await new Promise<void>((r) => management.listen(0, '127.0.0.1', () => r()));
    });
    afterAll(async () => {
      await new Promise((r) => management.close(r));
      await t.close();
    });

    it('closes a connection past its init deadline with 4408 and deletes its row', async () => {
      const store = new DynamoConnectionStore(t.ddb, TABLES.connectionsTable);
      const now = Date.now();
      await store.putConnection({
        connectionId: 'never-inited',
        state: 'connected',
        principal: null,
        connectedAt: now - 60_000,
        initDeadline: now - 50_000,
        expiresAt: Math.floor(now / 1000) + 3600,
      });

      // Inside the repo, so `@aws-sdk/*` resolves from node_modules as from the runtime's on Lambda.
      const dir = join(ROOT, 'cdk.out/lean-bundles/sweep-run');
      mkdirSync(dir, { recursive: true });
      const outfile = join(dir, 'index.mjs');
      await build({ ...handlerEsbuildOptions(join(ROOT, sweepSpec.entry), outfile, sweepSpec), logLevel: 'error' });
      const script = `const { handler } = await import(${JSON.stringify(outfile)}); process.stdout.write(JSON.stringify(await handler()));`;
      const { port } = management.address() as AddressInfo;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH,
          STAGE: 'test',
          AWS_REGION: 'local',
          DYNAMODB_ENDPOINT: t.embedded.endpoint,
          HUB_TABLE: TABLES.hubTable,
          CONNECTIONS_TABLE: TABLES.connectionsTable,
          AUTH_JWKS_URL: 'https://issuer.example/jwks',
          AUTH_ISSUER: 'https://issuer.example',
          WS_MANAGEMENT_ENDPOINT: `http://127.0.0.1:${port}`,
          LOG_LEVEL: 'error',
        },
      });

      expect(JSON.parse(stdout)).toEqual({ initTimeouts: 1, expiredConnections: 0, expiredRows: 0 });
      expect(closed).toEqual([{ connectionId: 'never-inited', code: '4408' }]);
      expect(await store.getConnection('never-inited')).toBeNull();
    });
  });
});

/**
 * The embedded store: dynalite (DynamoDB API on LevelDB) in this process, on
 * disk under a folder or in memory, listening on a free loopback port so the
 * ordinary AWS SDK client talks to it.
 */
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CONNECTIONS_TABLE, createTableInput, HUB_TABLE, type TableLayout } from '../../functions/core/store/tables.js';

export interface EmbeddedStore {
  /** Loopback endpoint, for tools (AWS CLI, NoSQL Workbench). */
  endpoint: string;
  /** SDK request handler that talks to the store over the worker's message port (no sockets). */
  requestHandler: WorkerRequestHandler;
  close(): Promise<void>;
}

interface WorkerResponse {
  type: 'response';
  id: number;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * An AWS SDK HttpHandler that hands requests to dynalite's worker as
 * messages. Same protocol, same dynalite request handler, no loopback
 * sockets: on this machine a socket round trip cost more CPU than the
 * SDK and dynalite together (see README, benchmarks).
 */
export class WorkerRequestHandler {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void }>();
  private gone: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.on('message', (msg: WorkerResponse) => {
      if (msg.type !== 'response') return;
      const waiter = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      waiter?.resolve(msg);
    });
    // A stopped store fails requests instead of leaving them waiting forever.
    const fail = (err: Error) => {
      this.gone = err;
      for (const w of this.pending.values()) w.reject(err);
      this.pending.clear();
    };
    worker.on('exit', () => fail(new Error('The embedded store has stopped')));
    worker.on('error', fail);
  }

  async handle(request: {
    method: string;
    path: string;
    query?: Record<string, unknown>;
    headers: Record<string, string>;
    body?: unknown;
  }) {
    const id = ++this.nextId;
    // The SDK's JSON body is a Uint8Array (that also pretends to be a string): pass the bytes.
    const body =
      request.body instanceof Uint8Array
        ? Uint8Array.prototype.slice.call(request.body)
        : typeof request.body === 'string'
          ? request.body
          : '';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    if (this.gone) throw this.gone;
    const reply = await new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'request', id, method: request.method, path: request.path, headers, body });
    });
    return {
      response: {
        statusCode: reply.statusCode,
        headers: reply.headers,
        body: new Uint8Array(Buffer.from(reply.body, 'utf8')),
      },
    };
  }

  updateHttpClientConfig() {}
  httpHandlerConfigs() {
    return {};
  }
  destroy() {}
}

/** Starts dynalite on a worker thread, on disk under `path` or in memory. */
export async function startDynalite(options: { path?: string } = {}): Promise<EmbeddedStore> {
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), { workerData: { path: options.path } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    const onMessage = (msg: { type: string; port?: number; message?: string }) => {
      if (msg.type === 'listening') {
        worker.off('message', onMessage);
        resolve(msg.port!);
      }
      if (msg.type === 'error') reject(new Error(`dynalite: ${msg.message}`));
    };
    worker.on('message', onMessage);
  });
  let closed: Promise<void> | null = null;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requestHandler: new WorkerRequestHandler(worker),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      });
      return closed;
    },
  };
}

export async function ensureTable(client: DynamoDBClient, name: string, layout: TableLayout): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return false;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as { name?: string }).name !== 'ResourceNotFoundException')
      throw err;
  }
  await client.send(new CreateTableCommand(createTableInput(name, layout)));
  return true;
}

export async function ensureTables(client: DynamoDBClient, names: { hubTable: string; connectionsTable: string }) {
  await ensureTable(client, names.hubTable, HUB_TABLE);
  await ensureTable(client, names.connectionsTable, CONNECTIONS_TABLE);
}

/**
 * dynalite checks that a request is signed, not the signature, and the
 * embedded store is reached over a message port no one else can use: a
 * placeholder Authorization header spares SigV4 (a quarter of the SDK's
 * per-request CPU here) without changing anything else the SDK does.
 */
export const placeholderSigner = {
  sign: async <R extends { headers: Record<string, string> }>(request: R): Promise<R> => {
    request.headers.authorization =
      'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0';
    request.headers['x-amz-date'] = '20260101T000000Z';
    return request;
  },
};

/** A store client for the embedded store: the ordinary SDK client with the worker transport. */
export function localDynamoClient(store: Pick<EmbeddedStore, 'endpoint' | 'requestHandler'>): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: store.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    requestHandler: store.requestHandler as never,
    signer: placeholderSigner as never,
  });
}

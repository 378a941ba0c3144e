/**
 * Durability of the data tables, least-privilege access to them, the stream
 * wiring, and the environment each function gets, all read from one
 * synthesized template built from the real manifest.
 */
import { describe, expect, it } from 'vitest';
import { ENV, loadConfig, REQUIRED_ON_AWS } from '../../functions/core/config/config.js';
import { CONNECTIONS_TABLE, HUB_TABLE } from '../../functions/core/store/tables.js';
import { FUNCTIONS } from '../../functions/manifest.js';
import { STREAM_SETTINGS } from '../../infra/constructs/stream-consumer.js';
import { ACTIONS, leadingKeyPatterns } from '../../infra/constructs/table-grants.js';
import { RUNTIME_ENV } from '../../infra/function-environment.js';
import type { AttachedStatement } from './synth-stack.js';
import {
  flatten,
  functionLogicalId,
  iamLike,
  iamStatements,
  resourcesOfType,
  roleLogicalId,
  synthHubStack,
} from './synth-stack.js';

const s = synthHubStack();
const tables = () => {
  const hub = s.stack.getLogicalId(s.stack.node.findChild('Tables').node.findChild('Hub').node.defaultChild as never);
  const connections = s.stack.getLogicalId(
    s.stack.node.findChild('Tables').node.findChild('Connections').node.defaultChild as never,
  );
  return { hub, connections };
};
const { hub: hubId, connections: connectionsId } = tables();
const table = (id: string) => s.json.Resources[id];
const statements = iamStatements(s.json);
const refersTo = (resource: unknown, logicalId: string) => JSON.stringify(resource).includes(`"${logicalId}"`);

/** Item-level DynamoDB actions: reading or changing data. */
const DATA_ACTION =
  /^dynamodb:(GetItem|BatchGetItem|Query|Scan|PutItem|UpdateItem|DeleteItem|BatchWriteItem|ConditionCheckItem|PartiQL\w*|GetRecords|GetShardIterator)$/;
const MUTATE_LOG = /^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|PartiQLUpdate|PartiQLDelete|\*)$|^\*$/;

if (s.standIns.length > 0)
  console.warn(`infra tests: entry files missing, fixture handler stands in for: ${s.standIns.join(', ')}`);

describe('data tables', () => {
  it.each([
    ['hub', hubId],
    ['connections', connectionsId],
  ])('%s table keeps its data: RETAIN, deletion protection, PITR, encryption', (_name, id) => {
    const t = table(id);
    expect(t.DeletionPolicy).toBe('Retain');
    expect(t.UpdateReplacePolicy).toBe('Retain');
    expect(t.Properties?.DeletionProtectionEnabled).toBe(true);
    expect(t.Properties?.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
    expect(t.Properties?.SSESpecification).toMatchObject({ SSEEnabled: true });
  });

  it('builds keys and indexes from the shared layouts', () => {
    const hub = table(hubId).Properties ?? {};
    expect(hub.KeySchema).toEqual([
      { AttributeName: HUB_TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: HUB_TABLE.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect(hub.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort()).toEqual(
      HUB_TABLE.indexes.map((i) => i.name).sort(),
    );
  });

  it('connections table expires rows on the layout TTL attribute (epoch seconds)', () => {
    expect(CONNECTIONS_TABLE.ttlAttribute).toBe('expiresAt');
    expect(table(connectionsId).Properties?.TimeToLiveSpecification).toEqual({
      AttributeName: CONNECTIONS_TABLE.ttlAttribute,
      Enabled: true,
    });
  });

  it('hub table streams keys only (records are wake-ups)', () => {
    expect(table(hubId).Properties?.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
  });
});

describe('least privilege', () => {
  it('no policy grants dynamodb:* or *', () => {
    const wild = statements.filter((st) => st.Action.some((a) => a === '*' || a === 'dynamodb:*'));
    expect(wild).toEqual([]);
  });

  it('no data action has Resource *', () => {
    const bad = statements.filter((st) => st.Action.some((a) => DATA_ACTION.test(a)) && st.Resource.includes('*'));
    expect(bad).toEqual([]);
  });

  it('no role can UpdateItem/DeleteItem/BatchWriteItem a LOG# item', () => {
    const onHub = statements.filter(
      (st) => st.Action.some((a) => MUTATE_LOG.test(a)) && st.Resource.some((r) => refersTo(r, hubId)),
    );
    expect(onHub.length).toBeGreaterThan(0); // the write path exists; each statement must exclude the log
    for (const st of onHub) {
      const patterns = st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      expect(patterns, `${st.policy} ${st.Action.join(',')} has no LeadingKeys condition`).toBeDefined();
      for (const p of [patterns].flat()) {
        for (const domain of ['construction', 'sorting', 'housing', 'reference'])
          expect(iamLike(String(p), `LOG#${domain}`), `${st.policy}: ${p} matches LOG#${domain}`).toBe(false);
      }
    }
  });

  it('log items can only be appended (PutItem), by the functions the manifest says', () => {
    const appenders = FUNCTIONS.filter((f) => f.grants.some((g) => g.actions.includes('append'))).map((f) =>
      roleLogicalId(s, f.name),
    );
    const logStatements = statements.filter((st) => {
      const patterns = [st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []].flat();
      return patterns.some((p) => p === 'LOG#*') && st.Resource.some((r) => refersTo(r, hubId));
    });
    for (const st of logStatements.filter((x) =>
      x.Action.some((a) => a !== 'dynamodb:GetItem' && !/Query|BatchGet/.test(a)),
    ))
      expect(st.Action).toEqual(['dynamodb:PutItem']);
    expect(new Set(logStatements.filter((x) => x.Action.includes('dynamodb:PutItem')).flatMap((x) => x.roles))).toEqual(
      new Set(appenders),
    );
  });

  it('index ARNs appear only in read statements', () => {
    for (const st of statements.filter((x) => x.Resource.some((r) => flatten(r).includes('/index/'))))
      expect(st.Action.every((a) => ACTIONS.read.includes(a))).toBe(true);
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))(
    '%s gets exactly the table statements its manifest grants imply',
    (name, spec) => {
      const role = roleLogicalId(s, name);
      const mine = statements.filter((st) => st.roles.includes(role) && st.Action.some((a) => DATA_ACTION.test(a)));
      const key = (st: Pick<AttachedStatement, 'Action' | 'Condition'>, tableId: string) =>
        JSON.stringify([
          tableId,
          [...st.Action].sort(),
          [st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []].flat().sort(),
        ]);
      const actual = mine
        .filter((st) => !st.Action.some((a) => /GetRecords|GetShardIterator/.test(a))) // stream read, checked below
        .map((st) => key(st, st.Resource.some((r) => refersTo(r, hubId)) ? hubId : connectionsId))
        .sort();
      const expected = spec.grants
        .flatMap((g) =>
          g.actions.map((a) =>
            key(
              {
                Action: ACTIONS[a],
                Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(g.keyPrefixes) } },
              },
              g.table === 'hub' ? hubId : connectionsId,
            ),
          ),
        )
        .sort();
      expect(actual).toEqual(expected);
    },
  );

  it('only connection managers may ManageConnections, and only on @connections', () => {
    const managers = new Set(FUNCTIONS.filter((f) => f.managesConnections).map((f) => roleLogicalId(s, f.name)));
    const grants = statements.filter((st) => st.Action.some((a) => a.startsWith('execute-api:')));
    expect(new Set(grants.flatMap((g) => g.roles))).toEqual(managers);
    for (const g of grants) {
      expect(g.Action).toEqual(['execute-api:ManageConnections']);
      for (const r of g.Resource) expect(flatten(r)).toMatch(/:dummy\/prod\/(POST|GET|DELETE)\/@connections\/\*$/);
    }
  });
});

describe('functions invoking functions', () => {
  const callers = FUNCTIONS.filter((f) => (f.invokes ?? []).length > 0);

  it('only callers may lambda:InvokeFunction, each on exactly the functions its manifest entry names', () => {
    expect(callers.map((f) => f.name)).toEqual(['Stream']);
    const grants = statements.filter((st) => st.Action.some((a) => a.startsWith('lambda:')));
    expect(new Set(grants.flatMap((g) => g.roles))).toEqual(new Set(callers.map((f) => roleLogicalId(s, f.name))));
    for (const caller of callers) {
      const mine = grants.filter((g) => g.roles.includes(roleLogicalId(s, caller.name)));
      expect(mine.flatMap((g) => g.Action)).toEqual(['lambda:InvokeFunction']);
      const targets = (caller.invokes ?? []).map((c) => ({ 'Fn::GetAtt': [functionLogicalId(s, c.function), 'Arn'] }));
      expect(mine.flatMap((g) => g.Resource)).toEqual(targets);
    }
  });

  it("passes each invoked function's deployed name in the variable the manifest names", () => {
    for (const caller of callers) {
      const vars = s.json.Resources[functionLogicalId(s, caller.name)].Properties?.Environment?.Variables ?? {};
      for (const call of caller.invokes ?? []) {
        expect(caller.env).toContain(call.env);
        expect(vars[call.env]).toEqual({ Ref: functionLogicalId(s, call.function) });
      }
    }
  });
});

describe('stream projector wiring', () => {
  const [[, mapping]] = resourcesOfType(s.json, 'AWS::Lambda::EventSourceMapping');
  const streamFn = FUNCTIONS.find((f) => f.hubStream);

  it('targets the hub stream and the manifest stream function', () => {
    expect(streamFn).toBeDefined();
    expect(mapping.Properties?.FunctionName).toEqual({ Ref: functionLogicalId(s, streamFn?.name ?? '') });
    expect(mapping.Properties?.EventSourceArn).toEqual({ 'Fn::GetAtt': [hubId, 'StreamArn'] });
  });

  it('bisects, retries a bounded number of times, reports item failures, ages out', () => {
    expect(mapping.Properties).toMatchObject({
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: STREAM_SETTINGS.retryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRecordAgeInSeconds: STREAM_SETTINGS.maxRecordAge.toSeconds(),
    });
    expect(mapping.Properties?.MaximumRetryAttempts).toBeLessThanOrEqual(10);
  });

  it('only LOG# items wake it', () => {
    const filters = mapping.Properties?.FilterCriteria?.Filters ?? [];
    expect(filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([
      { dynamodb: { Keys: { PK: { S: [{ prefix: 'LOG#' }] } } } },
    ]);
  });

  it('sends failed batches to an encrypted, TLS-only SQS queue', () => {
    const dest = mapping.Properties?.DestinationConfig?.OnFailure?.Destination;
    const queueId = dest?.['Fn::GetAtt']?.[0];
    expect(s.json.Resources[queueId]?.Type).toBe('AWS::SQS::Queue');
    expect(s.json.Resources[queueId].Properties?.SqsManagedSseEnabled).toBe(true);
    const policies = resourcesOfType(s.json, 'AWS::SQS::QueuePolicy').filter(([, p]) =>
      JSON.stringify(p.Properties?.Queues).includes(queueId),
    );
    expect(JSON.stringify(policies)).toContain('"aws:SecureTransport":"false"');
  });
});

describe('function environment = what functions/ config reads', () => {
  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s', (name, spec) => {
    const fn = s.json.Resources[functionLogicalId(s, name)];
    const vars: Record<string, unknown> = fn.Properties?.Environment?.Variables ?? {};
    // Names: the manifest's list (all of them names config reads), plus the explained runtime allowlist.
    const configNames = new Set<string>(Object.values(ENV));
    for (const n of spec.env) expect(configNames.has(n), `${n} is not read by config`).toBe(true);
    expect(Object.keys(vars).sort()).toEqual([...new Set([...spec.env, ...Object.keys(RUNTIME_ENV)])].sort());
    for (const required of REQUIRED_ON_AWS) expect(spec.env).toContain(required);
    // Values: config accepts them (CloudFormation tokens replaced by dummy strings; Lambda sets AWS_REGION).
    const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, flatten(v)]));
    const config = loadConfig({ ...env, AWS_REGION: 'ap-east-1' });
    expect(config.auth.jwksUrl).toMatch(/^https:\/\/.+\/\.well-known\/jwks\.json$/);
    if (spec.managesConnections)
      expect(env[ENV.wsManagementEndpoint]).toMatch(/^https:\/\/dummy\.execute-api\.dummy\.dummy\/prod$/);
  });
});

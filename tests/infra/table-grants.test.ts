/** The grant builder refuses what would break the log's append-only rule, whatever the manifest says. */
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import type { TableGrant } from '../../functions/manifest.js';
import { coversLog, GrantError, tableGrantStatements } from '../../infra/constructs/table-grants.js';

const targets = {
  hub: { tableArn: 'arn:aws:dynamodb:r:1:table/hub', indexNames: ['byEntity'] },
  connections: { tableArn: 'arn:aws:dynamodb:r:1:table/conn', indexNames: [] },
};
const build = (...grants: TableGrant[]) => tableGrantStatements('Fn', grants, targets);

describe('table grants', () => {
  it.each([['*'], ['LOG#'], ['LOG'], ['L'], ['LOG#sorting']])('a hub write/delete covering %s is refused', (prefix) => {
    expect(coversLog(prefix)).toBe(true);
    expect(() => build({ table: 'hub', actions: ['write'], keyPrefixes: ['RM#', prefix] })).toThrow(GrantError);
    expect(() => build({ table: 'hub', actions: ['delete'], keyPrefixes: [prefix] })).toThrow(/append-only/);
  });

  it('append is PutItem on LOG# only', () => {
    const [st] = build({ table: 'hub', actions: ['append'], keyPrefixes: ['LOG#'] });
    expect(st.toStatementJson()).toMatchObject({
      Action: 'dynamodb:PutItem',
      Resource: 'arn:aws:dynamodb:r:1:table/hub',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LOG#*'] } },
    });
    expect(() => build({ table: 'hub', actions: ['append'], keyPrefixes: ['RM#'] })).toThrow(GrantError);
    expect(() => build({ table: 'connections', actions: ['append'], keyPrefixes: ['LOG#'] })).toThrow(GrantError);
  });

  it('one statement per action set; only reads name (named) index ARNs', () => {
    const sts = build({ table: 'hub', actions: ['read', 'write'], keyPrefixes: ['RM#', 'CKPT#'] });
    expect(sts).toHaveLength(2);
    const [read, write] = sts.map((x: PolicyStatement) => x.toStatementJson());
    expect(read.Resource).toEqual(['arn:aws:dynamodb:r:1:table/hub', 'arn:aws:dynamodb:r:1:table/hub/index/byEntity']);
    expect(write.Resource).toBe('arn:aws:dynamodb:r:1:table/hub');
    expect(write.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual(['RM#*', 'CKPT#*']);
  });

  it('scan only with the whole-table prefix, and never an empty prefix list', () => {
    expect(() => build({ table: 'connections', actions: ['scan'], keyPrefixes: ['CONN#'] })).toThrow(/scan/);
    expect(() => build({ table: 'connections', actions: ['read'], keyPrefixes: [] })).toThrow(/no key prefix/);
  });
});

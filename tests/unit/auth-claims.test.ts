import { describe, expect, it } from 'vitest';
import { bearerToken, principalFromClaims } from '../../functions/core/auth/verify-token.js';
import { UnauthenticatedError } from '../../schema/errors.js';

describe('claims → principal', () => {
  it('reads a role claim, a Cognito custom attribute or a Cognito group', () => {
    expect(principalFromClaims({ sub: 's1', role: 'screen' })).toEqual({ sub: 's1', role: 'screen' });
    expect(principalFromClaims({ sub: 's2', 'custom:role': 'department', 'custom:dept': 'housing' })).toEqual({
      sub: 's2',
      role: 'department',
      dept: 'housing',
    });
    expect(
      principalFromClaims({ sub: 's3', 'cognito:groups': ['staff', 'auditor'], 'cognito:username': '审计员' }),
    ).toEqual({ sub: 's3', role: 'auditor', name: '审计员' });
  });

  it('refuses tokens without a known role or a department without its domain', () => {
    expect(() => principalFromClaims({ sub: 's', role: 'mayor' })).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims({ sub: 's', role: 'department' })).toThrow(/dept/);
    expect(() => principalFromClaims({ role: 'screen' })).toThrow(/sub/);
  });

  it('takes the token from a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

/** Deployment parameters fail loudly, naming the context key. */
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import { EnvironmentError, functionEnvironment } from '../../infra/function-environment.js';
import { readStackConfig, StackConfigError } from '../../infra/stack-config.js';

const read = (ctx: Record<string, unknown>) => readStackConfig((k) => ctx[k]);

describe('stack config', () => {
  it('has working defaults', () => {
    const c = read({});
    expect(c).toMatchObject({ stage: 'prod', logLevel: 'info', logRetention: 30, webDist: 'web/dist' });
    expect(c.oidc).toBeUndefined();
  });

  it.each([
    [{ stage: 'Prod!' }, /stage/],
    [{ logLevel: 'verbose' }, /logLevel/],
    [{ logRetentionDays: '31' }, /logRetentionDays/],
    [{ alarmEmail: 'nobody' }, /alarmEmail/],
    [{ webOrigin: 'http://x.example' }, /webOrigin/],
    [{ apiDomain: 'api.example.gov.cn' }, /apiDomain and apiCertificateArn/],
    [{ oidcIssuer: 'https://id.example' }, /oidcIssuer and oidcAudience/],
  ])('rejects %o', (ctx, message) => {
    expect(() => read(ctx)).toThrow(StackConfigError);
    expect(() => read(ctx)).toThrow(message);
  });

  it('takes an external OIDC issuer instead of Cognito', () => {
    const c = read({ oidcIssuer: 'https://id.example/realms/hub/', oidcAudience: 'hub-web' });
    expect(c.oidc).toEqual({
      issuer: 'https://id.example/realms/hub',
      audience: ['hub-web'],
      jwksUrl: 'https://id.example/realms/hub/.well-known/jwks.json',
      webClientId: 'hub-web',
    });
  });

  it('fails the synth when a function reads a variable the stack cannot provide', () => {
    const [spec] = FUNCTIONS;
    expect(() => functionEnvironment(spec, {})).toThrow(EnvironmentError);
  });
});

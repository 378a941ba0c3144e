import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/core/config/config.js';
import { ConfigError } from '../../schema/errors.js';

const base = {
  HUB_TABLE: 'hub',
  CONNECTIONS_TABLE: 'conns',
  AUTH_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
  AUTH_ISSUER: 'https://issuer.example',
};

describe('config', () => {
  it('reads the environment once into a typed config with defaults', () => {
    const c = loadConfig({ ...base, STAGE: 'prod', AWS_REGION: 'cn-north-1' });
    expect(c).toMatchObject({
      stage: 'prod',
      region: 'cn-north-1',
      hubTable: 'hub',
      connectionsTable: 'conns',
      logLevel: 'info',
      projectOnWrite: true,
      webOrigin: '*',
    });
    expect(c.auth).toEqual({ jwksUrl: base.AUTH_JWKS_URL, issuer: base.AUTH_ISSUER, audience: undefined });
  });

  it('names every missing or bad variable at once', () => {
    let message = '';
    try {
      loadConfig({ LOG_LEVEL: 'loud', PROJECT_ON_WRITE: 'maybe', AUTH_JWKS_URL: 'ftp://x' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const name of ['HUB_TABLE', 'CONNECTIONS_TABLE', 'LOG_LEVEL', 'PROJECT_ON_WRITE', 'AUTH_JWKS_URL'])
      expect(message).toContain(name);
  });
});

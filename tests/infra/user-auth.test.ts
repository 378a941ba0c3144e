/**
 * Issue 9, acceptance 1: the Cognito side of signing in, from the synthesized
 * template: hosted login on a pool domain, the people's and the wall screens'
 * app clients with the code flow (public clients: PKCE, no secret) and
 * callback/sign-out URLs on the CloudFront domain, MFA for everyone (so for
 * all who write or audit), refresh-token lifetimes as the README documents
 * them, and the screen client's tokens limited to the screen role.
 */
import { describe, expect, it } from 'vitest';
import { parseAudiences } from '../../functions/core/auth/verify-token.js';
import { FUNCTIONS } from '../../functions/manifest.js';
import { PEOPLE_REFRESH_TOKEN_VALIDITY, SCREEN_REFRESH_TOKEN_VALIDITY } from '../../infra/constructs/user-auth.js';
import { functionLogicalId, resourcesOfType, synthHubStack } from './synth-stack.js';

const s = synthHubStack({ stage: 'test' });
const clients = resourcesOfType(s.json, 'AWS::Cognito::UserPoolClient');
const client = (name: string) => {
  const found = clients.find(([id]) => id.includes(name));
  if (!found) throw new Error(`no ${name} client among ${clients.map(([id]) => id).join(', ')}`);
  return found;
};
const [distributionId] = resourcesOfType(s.json, 'AWS::CloudFront::Distribution')[0];
const cloudFrontUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };

describe('Cognito hosted login', () => {
  it('has a user pool domain for the hosted (managed) login, unique per account', () => {
    const domains = resourcesOfType(s.json, 'AWS::Cognito::UserPoolDomain');
    expect(domains).toHaveLength(1);
    expect(JSON.stringify(domains[0][1].Properties?.Domain)).toContain('guancheng-test-');
    expect(JSON.stringify(domains[0][1].Properties?.Domain)).toContain('AWS::AccountId');
  });

  it('requires TOTP MFA for every account, so for everyone who writes or audits', () => {
    const [, pool] = resourcesOfType(s.json, 'AWS::Cognito::UserPool')[0];
    expect(pool.Properties?.MfaConfiguration).toBe('ON');
    expect(pool.Properties?.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.Properties?.AdminCreateUserConfig?.AllowAdminCreateUserOnly).toBe(true);
  });

  for (const name of ['Web', 'Screen']) {
    it(`${name} client: public, code flow only, callback and sign-out on the CloudFront domain`, () => {
      const [, c] = client(name);
      expect(c.Properties).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        CallbackURLs: [cloudFrontUrl],
        LogoutURLs: [cloudFrontUrl],
        SupportedIdentityProviders: ['COGNITO'],
        EnableTokenRevocation: true,
      });
      expect(c.Properties?.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    });
  }

  it('refresh tokens: a working day for people; 90 days, rotated at every refresh, for screens', () => {
    const minutes = (d: typeof PEOPLE_REFRESH_TOKEN_VALIDITY) => d.toMinutes();
    expect(client('Web')[1].Properties).toMatchObject({
      RefreshTokenValidity: minutes(PEOPLE_REFRESH_TOKEN_VALIDITY),
      TokenValidityUnits: { RefreshToken: 'minutes' },
    });
    expect(minutes(PEOPLE_REFRESH_TOKEN_VALIDITY)).toBe(12 * 60);
    expect(client('Web')[1].Properties?.RefreshTokenRotation).toBeUndefined();
    expect(client('Screen')[1].Properties).toMatchObject({
      RefreshTokenValidity: minutes(SCREEN_REFRESH_TOKEN_VALIDITY),
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 },
    });
    expect(minutes(SCREEN_REFRESH_TOKEN_VALIDITY)).toBe(90 * 24 * 60);
    expect(client('Screen')[1].Properties?.WriteAttributes).toEqual([]);
  });

  it('screen enrolment: the handlers accept both clients, the screen one for the screen role only', () => {
    const [webId] = client('Web');
    const [screenId] = client('Screen');
    const http = FUNCTIONS.find((f) => f.httpRoutes?.length);
    if (!http) throw new Error('no Http function');
    const fn = s.json.Resources[functionLogicalId(s, http.name)];
    expect(fn.Properties?.Environment?.Variables?.AUTH_AUDIENCE).toEqual({
      'Fn::Join': ['', [{ Ref: webId }, ',', { Ref: screenId }, '=screen']],
    });
    expect(parseAudiences('web,screen=screen')).toEqual([{ id: 'web' }, { id: 'screen', onlyRole: 'screen' }]);
    expect(() => parseAudiences('web,screen=mayor')).toThrow('the role after = must be one of');
    const [, authorizer] = resourcesOfType(s.json, 'AWS::ApiGatewayV2::Authorizer').find(
      ([, a]) => a.Properties?.AuthorizerType === 'JWT',
    ) ?? [undefined, undefined];
    expect(authorizer?.Properties?.JwtConfiguration?.Audience).toEqual([{ Ref: webId }, { Ref: screenId }]);
  });

  it("lets the web client reach the hosted login's token endpoint (CSP connect-src)", () => {
    const policies = resourcesOfType(s.json, 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(policies.map(([, p]) => p.Properties?.ResponseHeadersPolicyConfig));
    expect(csp).toContain('auth.');
    expect(csp).toContain('amazoncognito.com');
  });
});

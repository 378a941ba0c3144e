/**
 * The optional parameters change what they should: an external OIDC issuer
 * replaces Cognito everywhere tokens are checked, and custom domains reach
 * CloudFront, both APIs, CORS and the CSP, with cdk-nag still clean.
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/core/config/config.js';
import { FUNCTIONS } from '../../functions/manifest.js';
import { flatten, functionLogicalId, resourcesOfType, synthHubStack } from './synth-stack.js';

const cert = (region: string) => `arn:aws:acm:${region}:123456789012:certificate/00000000-0000-0000-0000-000000000000`;
const s = synthHubStack(
  {
    stage: 'staging',
    oidcIssuer: 'https://login.example.gov.cn/realms/hub',
    oidcAudience: 'hub-web',
    webDomain: 'hub.example.gov.cn',
    webCertificateArn: cert('us-east-1'),
    apiDomain: 'api.hub.example.gov.cn',
    apiCertificateArn: cert('ap-east-1'),
    wsDomain: 'ws.hub.example.gov.cn',
    wsCertificateArn: cert('ap-east-1'),
  },
  // A concrete env, as `cdk deploy` with credentials has (the default suite synthesizes env-agnostic).
  { account: '123456789012', region: 'ap-east-1' },
);

describe('external OIDC issuer', () => {
  it('creates no user pool', () => {
    expect(resourcesOfType(s.json, 'AWS::Cognito::UserPool')).toEqual([]);
  });

  it('the HTTP authorizer and every function check the same issuer and audience', () => {
    const [[, auth]] = resourcesOfType(s.json, 'AWS::ApiGatewayV2::Authorizer').filter(
      ([, a]) => a.Properties?.AuthorizerType === 'JWT',
    );
    expect(auth.Properties?.JwtConfiguration).toEqual({
      Issuer: 'https://login.example.gov.cn/realms/hub',
      Audience: ['hub-web'],
    });
    for (const spec of FUNCTIONS) {
      const vars = s.json.Resources[functionLogicalId(s, spec.name)].Properties?.Environment?.Variables;
      expect(vars).toMatchObject({
        [ENV.issuer]: 'https://login.example.gov.cn/realms/hub',
        [ENV.audience]: 'hub-web',
        [ENV.jwksUrl]: 'https://login.example.gov.cn/realms/hub/.well-known/jwks.json',
        [ENV.stage]: 'staging',
      });
    }
  });
});

describe('custom domains', () => {
  it('CloudFront serves the web domain with TLS 1.2+', () => {
    const [[, dist]] = resourcesOfType(s.json, 'AWS::CloudFront::Distribution');
    expect(dist.Properties?.DistributionConfig?.Aliases).toEqual(['hub.example.gov.cn']);
    expect(dist.Properties?.DistributionConfig?.ViewerCertificate).toMatchObject({
      AcmCertificateArn: cert('us-east-1'),
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  it('both APIs are mapped to their domains', () => {
    const names = resourcesOfType(s.json, 'AWS::ApiGatewayV2::DomainName').map(([, d]) => d.Properties?.DomainName);
    expect(names.sort()).toEqual(['api.hub.example.gov.cn', 'ws.hub.example.gov.cn']);
    expect(resourcesOfType(s.json, 'AWS::ApiGatewayV2::ApiMapping')).toHaveLength(2);
  });

  it('CORS names the web domain; the CSP admits the API domains and the issuer', () => {
    const [[, api]] = resourcesOfType(s.json, 'AWS::ApiGatewayV2::Api').filter(
      ([, a]) => a.Properties?.ProtocolType === 'HTTP',
    );
    expect(api.Properties?.CorsConfiguration?.AllowOrigins).toEqual(['https://hub.example.gov.cn']);
    const [[, headers]] = resourcesOfType(s.json, 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = flatten(
      headers.Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig?.ContentSecurityPolicy
        ?.ContentSecurityPolicy,
    );
    for (const origin of [
      'https://api.hub.example.gov.cn',
      'wss://ws.hub.example.gov.cn',
      'https://login.example.gov.cn',
    ])
      expect(csp).toContain(origin);
    expect(csp).not.toContain('cognito-idp');
  });

  it('cdk-nag stays clean with a concrete env (and needs no TLS acknowledgement with a certificate)', () => {
    const report = new AwsSolutionsChecks().validateScope(s.stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

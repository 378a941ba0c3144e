/**
 * Where tokens come from: a Cognito user pool the stack creates (default), or
 * an existing OIDC issuer passed as context. Either way the rest of the stack
 * sees an issuer, its JWKS URL and the accepted audiences, which is all the
 * JWT authorizer and the handlers' verifier need.
 *
 * With Cognito, people and wall screens sign in through the pool's hosted
 * (managed) login with the authorization-code flow and PKCE: a public `Web`
 * client for people (refresh tokens for one working day) and a `Screen` client
 * that enrolled wall screens use (rotating refresh tokens valid for 90 days,
 * renewed at every refresh), whose tokens the hub accepts for the `screen` role
 * only (AUTH_AUDIENCE `<web>,<screen>=screen`, functions/core/auth/verify-token.ts).
 * TOTP MFA is required for every account, so everyone who writes or audits uses
 * it; a screen's TOTP is entered once, by the operator who enrols it.
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { ExternalOidc } from '../stack-config.js';

/** Refresh-token lifetimes (README "Signing in"): people sign in each working day; screens renew for good. */
export const PEOPLE_REFRESH_TOKEN_VALIDITY = Duration.hours(12);
export const SCREEN_REFRESH_TOKEN_VALIDITY = Duration.days(90);
/** ID and access tokens: the web client renews them silently a minute before they expire. */
export const TOKEN_VALIDITY = Duration.hours(1);

export interface UserAuthProps {
  /** Use this issuer instead of creating a user pool. */
  oidc?: ExternalOidc;
  /** Stage name: part of the hosted login's domain prefix. */
  stage: string;
}

export class UserAuth extends Construct {
  readonly issuer: string;
  readonly jwksUrl: string;
  audience: string[];
  /** AUTH_AUDIENCE for the handlers: the accepted client ids, `=screen` marking one limited to that role. */
  audienceSetting: string;
  /** Client id the web client signs in with. */
  webClientId: string;
  readonly userPool?: UserPool;
  /** The hosted (managed) login; its origin must be reachable from the web client (CSP connect-src). */
  readonly domain?: UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, or undefined with an external issuer. */
  readonly loginOrigin?: string;
  /** People's app client (code + PKCE), created by `addClients`. */
  client?: UserPoolClient;
  /** Wall screens' app client (code + PKCE, long-lived rotating refresh tokens), created by `addClients`. */
  screenClient?: UserPoolClient;
  /** Screen client id, for config.json (undefined with an external issuer). */
  screenClientId?: string;

  constructor(scope: Construct, id: string, props: UserAuthProps) {
    super(scope, id);
    if (props.oidc) {
      this.issuer = props.oidc.issuer;
      this.jwksUrl = props.oidc.jwksUrl;
      this.audience = props.oidc.audience;
      this.audienceSetting = props.oidc.audience.join(',');
      this.webClientId = props.oidc.webClientId;
      return;
    }

    this.userPool = new UserPool(this, 'Users', {
      // Operators create accounts for departments, screens and auditors.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP at sign-in for everyone: departments and auditors (who write and audit)
      // above all; a screen's TOTP is entered once by the operator who enrols it, and
      // the screen then lives on its rotating refresh token. No SMS: it costs per
      // message and needs an SMS role.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus tier: threat protection (compromised-credential and risky sign-in
      // blocking) for about USD 0.02 per monthly active user, i.e. a few dollars
      // for a district's few hundred accounts.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // Role claims the API authorizes on (see ARCHITECTURE.md "Users"). They are
      // only writable by operators (admin APIs), never by the user: the app
      // client below excludes them from its write attributes.
      customAttributes: {
        role: new StringAttribute({ mutable: true, minLen: 1, maxLen: 20 }),
        dept: new StringAttribute({ mutable: true, minLen: 1, maxLen: 20 }),
      },
      deletionProtection: true,
      // Accounts are data: keep them if the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Hosted login on a Cognito domain. The prefix is global per region, hence the account id in it.
    this.domain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: `guancheng-${props.stage}-${Aws.ACCOUNT_ID}` },
    });
    this.loginOrigin = this.domain.baseUrl();

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
    // Set by addClients, once the web origin (the CloudFront domain) is known.
    this.audience = [];
    this.audienceSetting = '';
    this.webClientId = '';
  }

  /**
   * The app clients, with callback and sign-out URLs on the web origin (the
   * CloudFront domain, which exists only after the auth construct: the CSP of
   * the distribution names the login origin). No-op with an external issuer.
   */
  addClients(webOrigin: string): void {
    if (!this.userPool) return;
    const oAuth = {
      // Authorization code (the client adds PKCE); no implicit flow, no client secret.
      flows: { authorizationCodeGrant: true },
      scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
      callbackUrls: [`${webOrigin}/`],
      logoutUrls: [`${webOrigin}/`],
    };
    const common = {
      // Browser app: a public client, no secret it could not keep.
      generateSecret: false,
      oAuth,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: TOKEN_VALIDITY,
      accessTokenValidity: TOKEN_VALIDITY,
      enableTokenRevocation: true,
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    };
    this.client = this.userPool.addClient('Web', {
      ...common,
      // People sign in (password + TOTP) each working day.
      refreshTokenValidity: PEOPLE_REFRESH_TOKEN_VALIDITY,
    });
    this.screenClient = this.userPool.addClient('Screen', {
      ...common,
      // Each refresh returns a new refresh token and retires the old one after the grace
      // period, so a screen that keeps refreshing stays signed in for good, one switched
      // off for 90 days must be enrolled again, and a copied token dies at the next refresh.
      refreshTokenValidity: SCREEN_REFRESH_TOKEN_VALIDITY,
      refreshTokenRotationGracePeriod: Duration.seconds(60),
      writeAttributes: new ClientAttributes(),
    });
    // ID tokens carry `aud` = client id (and the custom role claims).
    this.webClientId = this.client.userPoolClientId;
    this.screenClientId = this.screenClient.userPoolClientId;
    this.audience = [this.webClientId, this.screenClientId];
    this.audienceSetting = `${this.webClientId},${this.screenClientId}=screen`;
  }
}

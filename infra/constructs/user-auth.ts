/**
 * Where tokens come from: a Cognito user pool the stack creates (default), or
 * an existing OIDC issuer passed as context. Either way the rest of the stack
 * sees an issuer, its JWKS URL and the accepted audiences, which is all the
 * JWT authorizer and the handlers' verifier need.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { ExternalOidc } from '../stack-config.js';

export interface UserAuthProps {
  /** Use this issuer instead of creating a user pool. */
  oidc?: ExternalOidc;
}

export class UserAuth extends Construct {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly audience: string[];
  /** Client id the web client signs in with. */
  readonly webClientId: string;
  readonly userPool?: UserPool;
  readonly client?: UserPoolClient;

  constructor(scope: Construct, id: string, props: UserAuthProps) {
    super(scope, id);
    if (props.oidc) {
      this.issuer = props.oidc.issuer;
      this.jwksUrl = props.oidc.jwksUrl;
      this.audience = props.oidc.audience;
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
      // TOTP at sign-in for everyone, screens included: a screen enrols once and
      // then lives on its refresh token. No SMS: it costs per message and needs an SMS role.
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

    this.client = this.userPool.addClient('Web', {
      // Browser app: a public client, no secret it could not keep.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A screen stays signed in for a week of 12-hour shifts.
      refreshTokenValidity: Duration.days(7),
      enableTokenRevocation: true,
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
    // ID tokens carry `aud` = client id (and the custom role claims).
    this.audience = [this.client.userPoolClientId];
    this.webClientId = this.client.userPoolClientId;
  }
}

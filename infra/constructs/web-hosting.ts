/**
 * The web client: a private bucket behind CloudFront (origin access control,
 * HTTPS only, security headers), the build output of `web/dist`, and a
 * `config.json` written at deploy time with the API URLs and auth settings so
 * one build runs against any stage.
 *
 * A missing `web/dist` is not an error: a clean clone must synth (CI, reviews)
 * before anyone builds the web client. The stack then deploys `config.json`
 * only, without pruning (so an earlier upload is not wiped), and warns;
 * `npm run deploy` builds the web client first.
 */
import { existsSync, statSync } from 'node:fs';
import { Annotations, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { CustomDomain } from '../stack-config.js';

export interface WebHostingProps {
  /** Absolute path of the web build output. */
  webDist: string;
  domain?: CustomDomain;
  /** Other origins the app calls: the token issuer (Cognito or OIDC), custom API domains. */
  connectOrigins: string[];
}

export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://…` origin of the web client, for CORS. */
  readonly origin: string;
  /** Whether `web/dist` was found and is part of the deployment. */
  readonly hasWebBuild: boolean;
  private readonly webDist: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.webDist = props.webDist;
    const region = Stack.of(this).region;

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket itself; logging it into itself would loop and another bucket adds nothing.',
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site/',
    });

    const apiHosts = [`https://*.execute-api.${region}.amazonaws.com`, `wss://*.execute-api.${region}.amazonaws.com`];
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      // Chart and layout code sets style attributes; CSS injection is far less
      // dangerous than script, which stays 'self' only.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      // The APIs' hostnames are not known before the distribution is (CORS on the
      // HTTP API names the distribution, so naming the API here would be a
      // dependency cycle): allow API Gateway in this region, plus the token issuer.
      `connect-src 'self' ${[...apiHosts, ...props.connectOrigins].join(' ')}`,
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Guancheng Live web client security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Guancheng Live web client',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // Client-side routes (/screen, /audit…) are served by the app shell.
      errorResponses: [
        { httpStatus: 403, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1) },
        { httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1) },
      ],
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edge locations in Asia are in price class 200, not 100.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cdn/',
      ...(props.domain
        ? {
            domainNames: [props.domain.domainName],
            // Only settable with our own certificate (the default one is fixed at TLSv1).
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
          }
        : {}),
    });

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: street sub-centers and department staff may travel; every API call needs a JWT anyway and the site is static.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF web ACL: the distribution serves static files only; the APIs are throttled per stage and JWT-protected. A web ACL (~USD 5+/month plus rules) can be attached later.',
    });
    if (!props.domain)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS floor cannot be set; with webDomain the policy is TLSv1.2_2021.',
      });

    this.origin = props.domain
      ? `https://${props.domain.domainName}`
      : `https://${this.distribution.distributionDomainName}`;
    this.hasWebBuild = existsSync(this.webDist) && statSync(this.webDist).isDirectory();
  }

  /** Uploads the web build (when present) and `config.json`, then invalidates the CDN. */
  deploy(config: Record<string, unknown>): BucketDeployment {
    const sources = [Source.jsonData('config.json', config)];
    if (this.hasWebBuild) sources.unshift(Source.asset(this.webDist));
    else
      Annotations.of(this).addWarningV2(
        'guancheng:web-dist-missing',
        `${this.webDist} not found: deploying config.json only. Run \`npm run build:web\` (npm run deploy does) to ship the web client.`,
      );
    return new BucketDeployment(this, 'Deploy', {
      sources,
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Only prune when the full site is uploaded, or a config-only deploy would delete it.
      prune: this.hasWebBuild,
      memoryLimit: 256,
    });
  }
}

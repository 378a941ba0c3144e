/**
 * HTTP API in front of the Http function: `POST /graphql` behind a JWT
 * authorizer (issuer + audiences from UserAuth), `GET /healthz` without one
 * (routes come from the manifest's `httpRoutes`). CORS admits only the web
 * origin. The stage is throttled and access-logged as JSON.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../functions/manifest.js';
import type { CustomDomain } from '../stack-config.js';

export interface HttpApiProps {
  routes: { fn: IFunction; route: HttpRoute }[];
  issuer: string;
  audience: string[];
  webOrigin: string;
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: RetentionDays;
  domain?: CustomDomain;
}

export class HubHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Base URL clients call (custom domain when configured). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer('Jwt', props.issuer, { jwtAudience: props.audience });

    this.api = new HttpApi(this, 'Api', {
      description: 'Guancheng Live GraphQL over HTTP',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });

    for (const { fn, route } of props.routes) {
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.method}${route.path.replace(/\W/g, '')}`, fn),
        authorizer: route.public ? new HttpNoneAuthorizer() : authorizer,
      });
      if (route.public)
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (manifest: public): a health check returns {"ok":true} and no data.`,
        });
    }

    // Diagnostics, not records: they expire and go with the stack.
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    if (props.domain) {
      const domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      });
      // DNS (a CNAME/alias to domainName.regionalDomainName) is left to the operator; see the stack outputs.
      new ApiMapping(this, 'Mapping', { api: this.api, domainName, stage: this.stage });
      this.url = `https://${props.domain.domainName}`;
    } else {
      this.url = this.api.apiEndpoint;
    }
  }
}

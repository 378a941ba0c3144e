/**
 * WebSocket API for graphql-transport-ws: `$connect`, `$default` and
 * `$disconnect` all go to the Ws function (from the manifest's `wsRoutes`).
 *
 * `$connect` authorization: API Gateway only runs authorizers on `$connect`,
 * but graphql-ws clients usually send the token later, in the
 * `connection_init` payload. So the `$connect` route has a Lambda REQUEST
 * authorizer with no identity source (API Gateway would otherwise answer 401
 * before calling it whenever the source is absent): it rejects a connect whose
 * `?token=` is present but invalid, and allows a token-less connect marked
 * unauthenticated in the authorizer context. The Ws handler then requires a
 * valid token in `connection_init` within the init timeout (close 4408) before
 * it acks, and never subscribes an unacknowledged connection (4401).
 *
 * Functions that manage connections get `execute-api:ManageConnections` on
 * this API's stage `@connections` resources only, and its management endpoint
 * in `WS_MANAGEMENT_ENDPOINT`.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  DomainName,
  LogGroupLogDestination,
  WebSocketApi,
  WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { WsRoute } from '../../functions/manifest.js';
import type { CustomDomain } from '../stack-config.js';

export interface WebSocketApiProps {
  stageName: string;
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: RetentionDays;
  domain?: CustomDomain;
}

export class HubWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  /** `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`, for the management API client. */
  readonly managementEndpoint: string;
  /** `wss://` URL clients connect to (custom domain when configured). */
  readonly url: string;
  private readonly stageName: string;

  /**
   * Routes are added later (`addRoutes`) because the functions serving them
   * need `managementEndpoint` in their environment first.
   */
  constructor(scope: Construct, id: string, props: WebSocketApiProps) {
    super(scope, id);
    this.stageName = props.stageName;
    this.api = new WebSocketApi(this, 'Api', { description: 'Guancheng Live graphql-transport-ws' });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stageName,
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            eventType: '$context.eventType',
            routeKey: '$context.routeKey',
            connectionId: '$context.connectionId',
            status: '$context.status',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const stack = Stack.of(this);
    // Built from the api id and the stage *name* so functions depend on the API, not on the stage.
    this.managementEndpoint = `https://${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/${props.stageName}`;

    if (props.domain) {
      const domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      });
      new ApiMapping(this, 'Mapping', { api: this.api, domainName, stage: this.stage });
      this.url = `wss://${props.domain.domainName}`;
    } else {
      this.url = this.stage.url;
    }
  }

  /** Every route key must be served; `$connect` goes through the REQUEST authorizer. */
  addRoutes(routes: Record<WsRoute, IFunction>, connectAuthorizer: IFunction): void {
    const integration = (name: string, fn: IFunction) => new WebSocketLambdaIntegration(name, fn);
    this.api.addRoute('$connect', {
      integration: integration('ConnectIntegration', routes.$connect),
      authorizer: new WebSocketLambdaAuthorizer('ConnectAuthorizer', connectAuthorizer, {
        // Empty on purpose: see the module comment (the token may come in connection_init).
        identitySource: [],
      }),
    });
    const unauthorized = [
      this.api.addRoute('$default', { integration: integration('DefaultIntegration', routes.$default) }),
      this.api.addRoute('$disconnect', { integration: integration('DisconnectIntegration', routes.$disconnect) }),
    ];
    for (const route of unauthorized)
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'API Gateway runs WebSocket authorizers on $connect only (which has one); $default and $disconnect messages belong to a connection that already passed it, and the Ws handler requires connection_init auth before any subscribe.',
      });
  }

  /** PostToConnection / GetConnection / DeleteConnection on this API's stage, nothing else. */
  grantManageConnections(role: IRole): void {
    const stack = Stack.of(this);
    const methods = ['POST', 'GET', 'DELETE'];
    // Pseudo parameters rather than stack.region/account, so the ARN (and the
    // acknowledgement below) is the same whether or not the stack has a concrete env.
    const arn = (method: string) =>
      `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${this.api.apiId}/${this.stageName}/${method}/@connections/*`;
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: methods.map(arn) }),
    );
    // Acknowledge exactly these three resources (cdk-nag's rendering of the ARN), nothing broader.
    const apiLogicalId = stack.getLogicalId(this.api.node.defaultChild as CfnElement);
    for (const method of methods) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiLogicalId}>/${this.stageName}/${method}/@connections/*]`,
        reason: `Connection ids are created at runtime; the wildcard is only the connection id under this API's ${this.stageName} stage @connections path.`,
      });
    }
  }
}

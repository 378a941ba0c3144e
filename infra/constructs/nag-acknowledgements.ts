/**
 * cdk-nag acknowledgements that concern constructs built by several modules
 * (every handler function, the BucketDeployment singleton). Each states why
 * the finding is acceptable; findings specific to one construct are
 * acknowledged next to it.
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { BOOTSTRAP_QUALIFIER_CONTEXT, DefaultStackSynthesizer, Token, Validations } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { HandlerFunction } from './handler-function.js';

export function acknowledgeHandlerFunction(handler: HandlerFunction): void {
  Validations.of(handler.fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is the runtime ARCHITECTURE.md fixes (tests and local dev run the same major); moving to 24 is a measured change, not a lint fix.',
  });
}

/** The BucketDeployment's provider function is a singleton at stack level, outside our constructs. */
export function acknowledgeBucketDeploymentHandler(stack: Stack, siteBucket: Bucket): void {
  const siteLogicalId = stack.getLogicalId(siteBucket.node.defaultChild as CfnElement);
  // The CDK asset bucket's name, as cdk-nag renders it: literal region/account when the stack has a concrete env.
  const qualifier = stack.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    const v = Validations.of(child);
    v.acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Runtime of the aws-cdk-lib BucketDeployment provider is chosen by the CDK library, not by us.',
    });
    v.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The CDK BucketDeployment provider creates its own role with the basic execution policy; it only runs at deploy time.',
    });
    // The provider's s3 grants: read the CDK asset bucket, replace the site bucket's objects.
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-${account}-${region}/*`,
      'Resource::*',
      `Resource::<${siteLogicalId}.Arn>/*`,
    ])
      v.acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          'Grants aws-cdk-lib gives the BucketDeployment provider to copy the web build from the CDK asset bucket into the site bucket and invalidate CloudFront (which has no resource-level scoping); deploy-time only.',
      });
  }
}

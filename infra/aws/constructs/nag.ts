// cdk-nag 3 acknowledgements through CDK's Validations API, placed on the CloudFormation resource itself (the
// construct's default child) so the acknowledgement, and the cdk_nag metadata written from it, covers exactly
// that resource and not everything underneath a high-level construct.
import { CfnResource, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface NagAcknowledgement {
  /** e.g. 'AwsSolutions-APIG2' or, for one finding of a granular rule, 'AwsSolutions-IAM5[Resource::*]'. */
  readonly id: string;
  /** Why the finding is acceptable here; specific to this resource. */
  readonly reason: string;
}

export function acknowledge(scope: IConstruct, ...rules: NagAcknowledgement[]): void {
  const child = scope.node.defaultChild;
  const target = child && CfnResource.isCfnResource(child) ? child : scope;
  for (const rule of rules) {
    if (rule.reason.trim().length < 20) throw new Error(`cdk-nag acknowledgement ${rule.id} on ${scope.node.path} needs a real reason`);
  }
  Validations.of(target).acknowledge(...rules);
}

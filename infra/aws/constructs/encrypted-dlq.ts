// An on-failure destination for a stream event source or for asynchronous invocations: an SQS queue encrypted with a
// customer-managed key.
// Unlike SqsDlq it grants exactly what Lambda needs to send there (sqs:SendMessage, and kms:GenerateDataKey and
// kms:Decrypt on the queue's key) instead of grantSendMessages' GetQueueUrl/GetQueueAttributes and kms wildcards.
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export class EncryptedSqsDlq implements lambda.IEventSourceDlq {
  private readonly queue: sqs.IQueue;
  private readonly key: kms.IKey;

  constructor(queue: sqs.IQueue, key: kms.IKey) {
    this.queue = queue;
    this.key = key;
  }

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    targetHandler.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }));
    return { destination: this.queue.queueArn };
  }
}

/**
 * The same queue as a Lambda destination (asynchronous invocations that failed every retry), granting the function
 * exactly sqs:SendMessage and the queue key's kms:GenerateDataKey and kms:Decrypt, as EncryptedSqsDlq does for a stream.
 */
export class EncryptedSqsDestination implements lambda.IDestination {
  private readonly queue: sqs.IQueue;
  private readonly key: kms.IKey;

  constructor(queue: sqs.IQueue, key: kms.IKey) {
    this.queue = queue;
    this.key = key;
  }

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }));
    return { destination: this.queue.queueArn };
  }
}

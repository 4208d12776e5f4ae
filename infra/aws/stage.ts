// The deployment stage (dev, prod, ...) and what it switches on.
import { RemovalPolicy } from 'aws-cdk-lib';

export interface StageSettings {
  /** dev, prod, ...; names the stacks, the API stage and the keys' aliases. */
  readonly name: string;
  /** prod keeps data: deletion protection on, RETAIN on every stateful resource and log group. */
  readonly isProd: boolean;
  readonly removalPolicy: RemovalPolicy;
}

export function stageSettings(name: string): StageSettings {
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(name)) {
    throw new Error(`stage must be lower-case letters, digits and dashes (2-16 characters), got ${JSON.stringify(name)}`);
  }
  const isProd = name === 'prod';
  return { name, isProd, removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY };
}

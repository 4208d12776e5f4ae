// One in-memory DynamoDB Local for the integration project; every test file makes its own table in it.
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../infra/local/dynamo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

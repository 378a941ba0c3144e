/** AWS SDK clients built from the config. Created once per cold start and passed down. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HubConfig } from '../config/config.js';
import { guardKeys } from './key-guard.js';

export function createDynamoClient(config: Pick<HubConfig, 'region' | 'dynamoEndpoint'>): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 3,
  });
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  // Empty or oversized keys are the caller's input, answered BAD_USER_INPUT (key-guard.ts), not a store failure.
  return guardKeys(
    DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
  );
}

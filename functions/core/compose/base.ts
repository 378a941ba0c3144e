/**
 * What every Lambda entry stands on, built once per cold start from the
 * config: the structured logger and the DynamoDB document client. Nothing
 * else: each entry adds only the parts its handler uses (hub.ts,
 * http-runtime.ts, connections.ts, delivery.ts, ws-protocol.ts), so its
 * bundle carries only what it imports.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HubConfig } from '../config/config.js';
import { createLogger, type Logger } from '../logger.js';
import { createDynamoClient, documentClient } from '../store/clients.js';

export interface Base {
  config: HubConfig;
  logger: Logger;
  ddb: DynamoDBDocumentClient;
}

/** The embedded runtime and tests hand in their own store client and logger. */
export interface BaseOverrides {
  ddb?: DynamoDBDocumentClient;
  logger?: Logger;
}

export function composeBase(config: HubConfig, overrides: BaseOverrides = {}): Base {
  const logger = overrides.logger ?? createLogger(config.logLevel, { stage: config.stage });
  const ddb = overrides.ddb ?? documentClient(createDynamoClient(config));
  return { config, logger, ddb };
}

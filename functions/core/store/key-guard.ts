/**
 * The store's last line against client input in keys: DynamoDB refuses an
 * empty key attribute or a sort key over 1,024 bytes (partition key 2,048)
 * with a ValidationException, which would surface as INTERNAL. Every command
 * of the document client passes here first, and such a key is a
 * BAD_USER_INPUT naming the key attribute. The domain's own validation
 * (domain/validate.ts) names the argument earlier; this covers whatever a
 * future resolver forgets.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BadInputError } from '../../../schema/errors.js';
import { LIMIT_MESSAGES } from '../limits/messages.js';

/** DynamoDB's key size limits (bytes of UTF-8). */
export const KEY_LIMITS = { partitionKeyBytes: 2048, sortKeyBytes: 1024 } as const;

const SORT_KEYS = new Set(['SK', 'GSI1SK', 'GSI2SK']);

function checkKey(key: unknown): void {
  if (!key || typeof key !== 'object') return;
  for (const [name, value] of Object.entries(key as Record<string, unknown>)) {
    if (!/^(PK|SK|GSI\dPK|GSI\dSK)$/.test(name) || typeof value !== 'string') continue;
    if (value === '') throw new BadInputError(name, LIMIT_MESSAGES.emptyKey(name).replace(`${name}: `, ''));
    const max = SORT_KEYS.has(name) ? KEY_LIMITS.sortKeyBytes : KEY_LIMITS.partitionKeyBytes;
    if (Buffer.byteLength(value) > max) {
      throw new BadInputError(name, LIMIT_MESSAGES.keyTooLong(name, max).replace(`${name}: `, ''));
    }
  }
}

function checkValues(values: unknown): void {
  if (!values || typeof values !== 'object') return;
  for (const v of Object.values(values as Record<string, unknown>)) {
    if (typeof v === 'string' && Buffer.byteLength(v) > KEY_LIMITS.partitionKeyBytes) {
      throw new BadInputError('key', LIMIT_MESSAGES.keyTooLong('key', KEY_LIMITS.partitionKeyBytes).slice(5));
    }
  }
}

/** Adds the guard to a document client (once per client). */
export function guardKeys(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, unknown>;
      checkKey(input.Key);
      checkKey(input.Item);
      // Query key conditions compare against values: a key over the limit can never match, and DynamoDB says so loudly.
      if (typeof input.KeyConditionExpression === 'string') checkValues(input.ExpressionAttributeValues);
      return next(args);
    },
    { step: 'initialize', name: 'hubKeyGuard' },
  );
  return client;
}

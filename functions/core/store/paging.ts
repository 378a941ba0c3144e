/**
 * Paged Query and Scan: async generators that follow LastEvaluatedKey page by
 * page, and collect-all variants that stop after `limit` items.
 */
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;

export async function* queryPages(ddb: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<Item[]> {
  let start: Item | undefined = input.ExclusiveStartKey;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield (out.Items ?? []) as Item[];
    start = out.LastEvaluatedKey as Item | undefined;
  } while (start);
}

/**
 * A Scan reads the whole table (or what its FilterExpression keeps): for
 * maintenance jobs (the sweeper, the rebuild), never a request path.
 */
export async function* scanPages(ddb: DynamoDBDocumentClient, input: ScanCommandInput): AsyncGenerator<Item[]> {
  let start: Item | undefined = input.ExclusiveStartKey;
  do {
    const out = await ddb.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    yield (out.Items ?? []) as Item[];
    start = out.LastEvaluatedKey as Item | undefined;
  } while (start);
}

/** Every item of `pages`, or the first `limit` of them (the pages after that are not read). */
export async function collect(pages: AsyncIterable<Item[]>, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
  const items: Item[] = [];
  if (limit <= 0) return items;
  for await (const page of pages) {
    for (const item of page) {
      items.push(item);
      if (items.length >= limit) return items;
    }
  }
  return items;
}

export function queryAll(ddb: DynamoDBDocumentClient, input: QueryCommandInput, limit?: number): Promise<Item[]> {
  return collect(queryPages(ddb, input), limit);
}

export function scanAll(ddb: DynamoDBDocumentClient, input: ScanCommandInput, limit?: number): Promise<Item[]> {
  return collect(scanPages(ddb, input), limit);
}

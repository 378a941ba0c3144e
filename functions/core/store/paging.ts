/** Pages through a Query, yielding items; stops after `limit` items when given. */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export async function* queryPages(
  ddb: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined = input.ExclusiveStartKey;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield (out.Items ?? []) as Record<string, unknown>[];
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
}

export async function queryAll(
  ddb: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(ddb, input)) {
    for (const item of page) {
      items.push(item);
      if (items.length >= limit) return items;
    }
  }
  return items;
}

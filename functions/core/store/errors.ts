/** Classifying AWS SDK errors by name, without leaking their text. */
const nameOf = (err: unknown) => (err as { name?: unknown } | null | undefined)?.name;

/** A ConditionExpression did not hold: someone else wrote first, or the item is (not) there. */
export function isConditionFailure(err: unknown): boolean {
  return nameOf(err) === 'ConditionalCheckFailedException';
}

/** DynamoDB refused the call for capacity: retrying later succeeds. */
export function isThrottle(err: unknown): boolean {
  const name = nameOf(err);
  return (
    name === 'ProvisionedThroughputExceededException' ||
    name === 'ThrottlingException' ||
    name === 'RequestLimitExceeded'
  );
}

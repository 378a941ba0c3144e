/** DateTime (ISO 8601, UTC), Date (YYYY-MM-DD, a real calendar day) and JSON. */
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import { builder } from '../builder.js';

const isCalendarDate = (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === v;
};

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new GraphQLError(`Date must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseDateTime(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw new GraphQLError(
      `DateTime must be ISO 8601 with a time zone, e.g. 2023-06-30T08:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  return new Date(value).toISOString();
}

const literal = (parse: (v: unknown) => string) => (ast: ValueNode) => {
  if (ast.kind !== Kind.STRING) throw new GraphQLError('Expected a string literal');
  return parse(ast.value);
};

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD (China Standard Time is assumed for report days).',
  serialize: (v) => parseDate(v),
  parseValue: parseDate,
  parseLiteral: literal(parseDate),
});

builder.scalarType('DateTime', {
  description: 'An instant, ISO 8601 in UTC, e.g. 2023-06-30T08:00:00.000Z.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : parseDateTime(v)),
  parseValue: parseDateTime,
  parseLiteral: literal(parseDateTime),
});

builder.addScalarType('JSON', JSONResolver);

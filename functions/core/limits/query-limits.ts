/**
 * Query limits, one set for both transports: GraphQL Armor's rules (tokens,
 * depth, aliases, directives, cost) and the introspection policy. The HTTP app
 * installs them as yoga plugins; the WebSocket `subscribe` checks an operation
 * with `checkOperation` before it is prepared. The token limit is applied while
 * parsing, so a 3,000-level query is refused before the parser could recurse
 * that deep (it would overflow the stack).
 */
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer, maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  type ValidationRule,
  validate,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LIMIT_MESSAGES } from './messages.js';

/** The defaults (README "Defences"): the web client's largest query stays well inside each. */
export const QUERY_LIMITS = {
  /** Lexical tokens in one document. */
  maxTokens: 2000,
  /** Nesting of selections (fragments flattened; introspection's own depth ignored). */
  maxDepth: 12,
  maxAliases: 20,
  maxDirectives: 20,
  /** Armor's cost: 2 per object, 1 per scalar, × 1.5 per level. */
  maxCost: 20000,
} as const;

export type QueryLimits = typeof QUERY_LIMITS;

export interface QueryPolicy {
  /** `__schema` / `__type` allowed (on in the embedded runtime, off on AWS unless configured). */
  introspection: boolean;
  limits?: Partial<QueryLimits>;
}

const limitsOf = (p: QueryPolicy): QueryLimits => ({ ...QUERY_LIMITS, ...p.limits });

/** Validation rules beyond graphql's own: Armor's limits and, when it is off, no introspection. */
export function queryLimitRules(policy: QueryPolicy): ValidationRule[] {
  const l = limitsOf(policy);
  const quiet = { exposeLimits: false, propagateOnRejection: true } as const;
  const rules: ValidationRule[] = [
    maxDepthRule({
      ...quiet,
      n: l.maxDepth,
      flattenFragments: true,
      errorMessage: LIMIT_MESSAGES.maxDepth(l.maxDepth),
    }),
    maxAliasesRule({ ...quiet, n: l.maxAliases, errorMessage: LIMIT_MESSAGES.maxAliases(l.maxAliases) }),
    maxDirectivesRule({ ...quiet, n: l.maxDirectives, errorMessage: LIMIT_MESSAGES.maxDirectives(l.maxDirectives) }),
    costLimitRule({ ...quiet, maxCost: l.maxCost, errorMessage: LIMIT_MESSAGES.maxCost(l.maxCost) }),
  ];
  if (!policy.introspection) rules.push(introspectionRule);
  return rules;
}

/** graphql's rule, with the message in LIMIT_MESSAGES. */
const introspectionRule: ValidationRule = (context) => {
  const visitor = NoSchemaIntrospectionCustomRule(context);
  const report = context.reportError.bind(context);
  (context as { reportError: (e: GraphQLError) => void }).reportError = (e) =>
    report(new GraphQLError(LIMIT_MESSAGES.introspection, { nodes: e.nodes }));
  return visitor;
};

/** The same limits as yoga plugins: the token limit in the parser, the rest as validation rules. */
export function queryLimitPlugins(policy: QueryPolicy): Plugin[] {
  const l = limitsOf(policy);
  const rules = queryLimitRules(policy);
  return [
    maxTokensPlugin({ n: l.maxTokens, exposeLimits: false, errorMessage: LIMIT_MESSAGES.maxTokens(l.maxTokens) }),
    {
      onValidate: ({ addValidationRule }) => {
        for (const r of rules) addValidationRule(r);
      },
    },
  ] as Plugin[];
}

/** Parses within the token limit and checks the limits; graphql's own validation still follows. */
export function checkOperation(
  schema: GraphQLSchema,
  query: unknown,
  policy: QueryPolicy,
): { document: DocumentNode; errors: readonly GraphQLError[] } | { document: null; errors: readonly GraphQLError[] } {
  const l = limitsOf(policy);
  if (typeof query !== 'string') {
    return { document: null, errors: [new GraphQLError('query: 必须是字符串 / must be a string')] };
  }
  let document: DocumentNode;
  try {
    const parser = new MaxTokensParserWLexer(query, {
      n: l.maxTokens,
      exposeLimits: false,
      errorMessage: LIMIT_MESSAGES.maxTokens(l.maxTokens),
    });
    document = parser.parseDocument();
  } catch (err) {
    if (err instanceof GraphQLError) return { document: null, errors: [err] };
    throw err;
  }
  try {
    return { document, errors: validate(schema, document, queryLimitRules(policy)) };
  } catch (err) {
    // Some Armor rules throw their refusal instead of reporting it.
    if (err instanceof GraphQLError) return { document: null, errors: [err] };
    throw err;
  }
}

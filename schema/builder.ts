/**
 * The Pothos builder: typed context, scalars, auth scopes and query limits.
 * Types are defined one file per domain under types/ and assembled in index.ts.
 */
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from './context.js';
import { BadInputError, ForbiddenError, UnauthenticatedError } from './errors.js';
import type { DomainName } from './model.js';

export interface AuthScopes {
  /** Any valid token. */
  authenticated: boolean;
  screen: boolean;
  auditor: boolean;
  admin: boolean;
  /** May read a domain's figures: screens, auditors, operators, and that domain's department. */
  readDomain: DomainName;
  /** May report on a domain: only that domain's department. */
  writeDomain: DomainName;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string | Date };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, ComplexityPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => {
      const p = ctx.principal;
      return {
        authenticated: !!p,
        screen: p?.role === 'screen',
        auditor: p?.role === 'auditor',
        admin: p?.role === 'admin',
        readDomain: (domain: DomainName) =>
          !!p &&
          (p.role === 'screen' ||
            p.role === 'auditor' ||
            p.role === 'admin' ||
            (p.role === 'department' && (p.dept === domain || domain === 'reference'))),
        writeDomain: (domain: DomainName) => p?.role === 'department' && p.dept === domain,
      };
    },
    unauthorizedError: (_parent, ctx, info) =>
      ctx.principal
        ? new ForbiddenError(
            `Your role (${ctx.principal.role}${ctx.principal.dept ? `, ${ctx.principal.dept}` : ''}) may not use ${info.parentType.name}.${info.fieldName}`,
          )
        : new UnauthenticatedError(),
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { complexity: 20_000, depth: 12, breadth: 400 },
    complexityError: (kind, result) => {
      const k = String(kind).toLowerCase() as 'depth' | 'breadth' | 'complexity';
      const max = { depth: result.maxDepth, breadth: result.maxBreadth, complexity: result.maxComplexity }[k];
      return new BadInputError(
        'query',
        `exceeds the ${k} limit (${result[k]} > ${max}); ask for fewer fields or smaller pages`,
      );
    },
  },
});

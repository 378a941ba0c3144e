/**
 * Connection types in the Relay shape (edges, node, cursor, pageInfo) plus a
 * `nodes` shortcut for screens. Built by hand rather than with the relay
 * plugin because the contract's `events(after: Int)` pages by seq, not by an
 * opaque string, and one shape for both kinds keeps clients simple.
 */
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.js';
import type { Page } from '../model.js';

export interface PageInfoShape {
  hasNextPage: boolean;
  endCursor: string | null;
}

export const PageInfoRef = builder.objectRef<PageInfoShape>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass as `after` for the next page.' }),
  }),
});

type Types = typeof builder extends { $inferSchemaTypes: infer S } ? S : never;

export function connectionOf<T>(name: string, node: ObjectRef<Types, T, T>, cursorOf: (item: T) => string) {
  const edge = builder.objectRef<T>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.string({ resolve: (item) => cursorOf(item) }),
      node: t.field({ type: node, resolve: (item) => item as never }),
    }),
  });
  return builder.objectRef<Page<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [edge], resolve: (p) => p.items }),
      nodes: t.field({ type: [node], resolve: (p) => p.items }),
      pageInfo: t.field({
        type: PageInfoRef,
        resolve: (p) => ({ hasNextPage: p.hasNextPage, endCursor: p.endCursor }),
      }),
    }),
  });
}

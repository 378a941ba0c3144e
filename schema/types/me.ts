/** Who am I: lets a client show the signed-in role and pick its views. */
import { builder } from '../builder.js';
import type { Principal } from '../model.js';
import { RoleEnum } from './enums.js';

const PrincipalRef = builder.objectRef<Principal>('Principal').implement({
  fields: (t) => ({
    sub: t.exposeString('sub'),
    role: t.field({ type: RoleEnum, resolve: (p) => p.role }),
    dept: t.string({ nullable: true, resolve: (p) => p.dept ?? null }),
    name: t.string({ nullable: true, resolve: (p) => p.name ?? null }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({ type: PrincipalRef, authScopes: { authenticated: true }, resolve: (_r, _a, ctx) => ctx.principal! }),
}));

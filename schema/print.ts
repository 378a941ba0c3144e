/** `npm run schema:print`: writes schema.graphql (sorted SDL) at the repo root. */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { sortedSchema } from './index.js';

const target = new URL('../schema.graphql', import.meta.url);
writeFileSync(target, `${printSchema(sortedSchema)}\n`);
console.log(`wrote ${target.pathname}`);

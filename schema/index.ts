/** Assembles the schema from the type modules. */
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './types/scalars.js';
import './types/enums.js';
import './types/hub-event.js';
import './types/reports.js';
import './types/report-rows.js';
import './types/reference.js';
import './types/dashboard.js';
import './types/history.js';
import './types/audit.js';
import './types/pushed-reads.js';
import './types/me.js';
import './types/subscription.js';

builder.queryType({ description: 'Reads. Every field needs a token; see each field for the roles it allows.' });

export const schema = builder.toSchema();
/** The schema as committed in schema.graphql: sorted, so diffs show real changes only. */
export const sortedSchema = lexicographicSortSchema(schema);

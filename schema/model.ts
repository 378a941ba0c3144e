/**
 * The hub's model as the API sees it: domains, principals, events, report
 * inputs and read-model records. Plain types only, shared by the schema and the
 * server core (functions/), which implements the services declared in
 * services.ts. This file is the one entry point; the parts live in model/.
 */
export * from './model/dashboard.js';
export * from './model/events.js';
export * from './model/inputs.js';
export * from './model/principal.js';
export * from './model/read-models.js';
export * from './model/sanity.js';
export * from './model/vocabulary.js';

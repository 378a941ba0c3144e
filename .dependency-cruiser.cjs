/**
 * Import rules of the layout in ARCHITECTURE.md, checked by `npm run lint:deps`
 * (part of `npm test`). Dependencies point one way, infra → functions → schema;
 * web uses only the schema's generated types. Type-only imports count too
 * (tsPreCompilationDeps): a type import is still an arrow someone must follow
 * to understand the file, and a circle of types is a circle of meaning.
 *
 * tests/ may import anything and is not cruised.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle means neither module can be read, tested or moved without the other: ' +
        'move what both need into a third module they both import.',
      from: { path: '^(schema|functions|infra|web/src)/' },
      to: { circular: true },
    },
    {
      name: 'functions-not-to-infra',
      severity: 'error',
      comment:
        'Handlers and their core run on Lambda and locally alike; infra/ (CDK, the embedded runtime) is built ' +
        'around them, never the other way: infra → functions → schema.',
      from: { path: '^functions/' },
      to: { path: '^infra/' },
    },
    {
      name: 'schema-not-to-functions-or-infra',
      severity: 'error',
      comment:
        'schema/ is the API: types, resolvers and the service interfaces they call. Implementations live in ' +
        'functions/ and are handed in through the context: infra → functions → schema.',
      from: { path: '^schema/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'schema-no-aws',
      severity: 'error',
      comment:
        'schema/ knows no runtime: no AWS SDK, Lambda types or CDK. Storage and transport are behind the ' +
        'service interfaces of schema/services.ts.',
      from: { path: '^schema/' },
      to: { path: '(^|/)node_modules/(@aws-sdk|@smithy|@types/aws-lambda|aws-lambda|aws-cdk-lib)/' },
    },
    {
      name: 'log-not-to-projections',
      severity: 'error',
      comment:
        'The log is the truth and projections are derived from it: the log knows nothing of its read models. ' +
        'What both need (keys, event shapes) lives below both (store/, the schema model).',
      from: { path: '^functions/core/log/' },
      to: { path: '^functions/core/projections/' },
    },
    {
      name: 'web-only-schema',
      severity: 'error',
      comment:
        'The web client is bundled for the browser: it may use the schema (generated types) but not the ' +
        'server (functions/) or the runtimes (infra/).',
      from: { path: '^web/src/' },
      to: { path: '^(functions|infra)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a broken path (or a dependency missing from package.json).',
      from: { path: '^(schema|functions|infra|web/src)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Built artefacts and local data are not source.
    exclude: { path: '(^|/)(cdk\\.out|dist|\\.data|\\.bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};

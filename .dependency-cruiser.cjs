/**
 * The layout's rules, checked by `npm test` (dependency-cruiser):
 * cli → server → pipeline, cli → pipeline; the web takes only the API contract from the server;
 * no cycles, type-only imports included.
 */

// The pipeline modules the browser shares, through the API contract or directly: pure rules and
// schemas that import only zod and one another (header matching, date formats, the intervention schema).
const SHARED_WITH_THE_BROWSER = '^pipeline/(datasets/(header-matching|date-formats)|boards/(intervention-schema|board-schema-parts)|reference/area-codes|problem-document)\\.ts$';
const ZOD = '(^|/)node_modules/zod/';

module.exports = {
  forbidden: [
    {
      name: 'pipeline-is-the-core',
      comment: 'pipeline/ is the core: it imports nothing from the server, the CLI or the web.',
      severity: 'error',
      from: { path: '^pipeline/' },
      to: { path: '^(server|cli|web)/' },
    },
    {
      name: 'server-below-cli',
      comment: 'server/ imports nothing from the CLI or the web.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(cli|web)/' },
    },
    {
      name: 'web-takes-only-the-contract',
      comment:
        'web/ imports from the server only the API contract (server/contract/), and from the pipeline only the pure rules and schemas it shares (SHARED_WITH_THE_BROWSER), nothing from the CLI.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(cli|server|pipeline)/', pathNot: ['^server/contract/', SHARED_WITH_THE_BROWSER] },
    },
    {
      name: 'shared-rules-are-pure',
      comment: 'The pipeline modules the browser shares import only zod and one another, so the web never pulls in the rest of the pipeline or Node.',
      severity: 'error',
      from: { path: SHARED_WITH_THE_BROWSER },
      to: { pathNot: [SHARED_WITH_THE_BROWSER, ZOD] },
    },
    {
      name: 'contract-is-pure',
      comment: 'The API contract (server/contract/) runs in the browser too: it imports only zod, itself and the pipeline modules shared with the browser.',
      severity: 'error',
      from: { path: '^server/contract/' },
      to: { pathNot: ['^server/contract/', SHARED_WITH_THE_BROWSER, ZOD] },
    },
    {
      name: 'web-no-node',
      comment: 'web/ runs in the browser: no Node built-in modules.',
      severity: 'error',
      from: { path: '^web/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included: a cycle means two modules are one concept or one belongs lower.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

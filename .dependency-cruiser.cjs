/**
 * The layout's rules, checked by `npm test` (dependency-cruiser):
 * cli → server → pipeline, cli → pipeline; the web takes only the API contract from the server;
 * no cycles, type-only imports included.
 */
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
        'web/ imports from the server only the API contract (server/contract/), and from the pipeline only the pure rules the upload preview must share with it (header matching, date formats), nothing from the CLI.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^cli/|^server/(?!contract/)|^pipeline/(?!datasets/(header-matching|date-formats)\\.ts$)' },
    },
    {
      name: 'shared-rules-are-pure',
      comment: 'The pipeline modules the browser shares (header matching, date formats) import nothing at all, so the web never pulls in the pipeline or Node.',
      severity: 'error',
      from: { path: '^pipeline/datasets/(header-matching|date-formats)\\.ts$' },
      to: {},
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

/** Dependency rules: the ledger core stays pure; dependencies point inward. */
module.exports = {
  forbidden: [
    {
      name: 'ledger-core-is-pure',
      comment:
        'packages/ledger is the domain core: no AWS SDK, Stripe, Lambda, middy, no I/O modules, no other soquy layer.',
      severity: 'error',
      from: { path: '^packages/ledger/src' },
      to: {
        path: [
          '@aws-sdk',
          'aws-lambda',
          'stripe',
          '@middy',
          'aws-cdk-lib',
          '^packages/(store|http|local|web)',
          '^functions',
          '^infra',
        ],
      },
    },
    {
      name: 'ledger-core-does-no-io',
      severity: 'error',
      from: { path: '^packages/ledger/src' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'adapters-do-not-reach-the-edge',
      comment: 'store and http are used by functions and local, never the other way round.',
      severity: 'error',
      from: { path: '^packages/(store|http)/src' },
      to: { path: '^(functions|infra|packages/local)' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^(packages/[^/]+/src|functions|infra/lib)' },
      to: { path: '(^test/|/test/)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};

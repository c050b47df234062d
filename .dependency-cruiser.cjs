/**
 * Dependency rules: the ledger core stays pure and its layers point inward.
 * Inside packages/ledger/src: primitives <- ports <- access <- operations <- index.
 */
const core = '^packages/ledger/src';
module.exports = {
  forbidden: [
    {
      name: 'ledger-core-is-pure',
      comment:
        'packages/ledger is the domain core: no AWS SDK, Stripe, Lambda, middy, no I/O modules, no other soquy layer.',
      severity: 'error',
      from: { path: core },
      to: {
        path: [
          '@aws-sdk',
          'aws-lambda',
          'stripe',
          '@middy',
          'aws-cdk-lib',
          '^packages/(store|http|local|web|evidence|stripe|vietqr)',
          '^functions',
          '^infra',
        ],
      },
    },
    {
      name: 'ledger-core-does-no-io',
      severity: 'error',
      from: { path: core },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'primitives-use-no-operation',
      comment:
        'Money, accounts, entries, the head fold and the verifier are what operations build on; they know no operation, port or access rule.',
      severity: 'error',
      from: { path: `${core}/primitives/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${core}/(operations|ports|access)/` },
    },
    {
      name: 'ports-are-interfaces-over-primitives',
      severity: 'error',
      from: { path: `${core}/ports/` },
      to: { path: `${core}/(operations|access)/` },
    },
    {
      name: 'access-knows-no-operation',
      severity: 'error',
      from: { path: `${core}/access/` },
      to: { path: `${core}/(operations|ports)/` },
    },
    {
      name: 'operations-use-primitives-ports-and-access',
      comment:
        'An operation builds on the primitives, the ports, the access rules, the shared reads in operations/common and its own folder; never on another operation.',
      severity: 'error',
      from: { path: `${core}/operations/([^/]+)/` },
      to: {
        path: `${core}/operations/`,
        pathNot: [`${core}/operations/$1/`, `${core}/operations/common/`],
      },
    },
    {
      name: 'no-storage-keys-in-the-core',
      comment:
        'The State and Journal key layout belongs to packages/store; the core speaks in repositories.',
      severity: 'error',
      from: { path: core },
      to: { path: '^packages/store/src/(keys|schema)\\.ts$' },
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
      from: { path: '^(packages/[^/]+/src|functions|infra/lib)', pathNot: '\\.test\\.ts$' },
      to: { path: ['(^test/|/test/)', '\\.test\\.ts$', 'test-fixtures\\.ts$'] },
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

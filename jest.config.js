// Jest runs three tiers as projects (docs/architecture.md, "Testing tiers"): `npm run test:unit`,
// `test:integration`, `test:e2e`; `npm test` runs all of them.
const { pathsToModuleNameMapper } = require('./scripts/jest/paths');

// NestJS 12 is ES modules only: Jest requires them natively, which needs Node's VM modules (.npmrc
// passes --experimental-vm-modules to npm and npx; Node >= 24.9).
if (typeof require('node:vm').SourceTextModule?.prototype.hasAsyncGraph !== 'function') {
  throw new Error(
    `Jest here needs Node.js >= 24.9 with --experimental-vm-modules (this is ${process.version}, NODE_OPTIONS=${process.env.NODE_OPTIONS ?? ''}): ` +
      'put Node 24 first on PATH with `. scripts/use-node.sh`, then run `npx jest <path>` (`npm test` does both).',
  );
}

/** What every tier shares: TypeScript through swc with Nest's decorator metadata, the path aliases. */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['<rootDir>/test/setup/quiet-temporal.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Global options: Jest ignores them inside a project.
  maxWorkers: 2,
  testTimeout: 60_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,workflows,test,bench}/**/*.spec.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '\\.workflow\\.spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.{workflow.spec,integration-spec}.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
  ],
};

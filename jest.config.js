// Jest runs every tier: *.spec.ts (unit), *.workflow.spec.ts (time-skipping test server),
// *.integration-spec.ts (databases, HTTP) and test/e2e. See README "Tests".
const { pathsToModuleNameMapper } = require('./scripts/jest/paths');

// NestJS 12 is ES modules only: Jest requires them natively, which needs Node's VM modules (.npmrc
// passes --experimental-vm-modules to npm and npx; Node >= 24.9).
if (typeof require('node:vm').SourceTextModule?.prototype.hasAsyncGraph !== 'function') {
  throw new Error(
    `Jest here needs Node.js >= 24.9 with --experimental-vm-modules (this is ${process.version}, NODE_OPTIONS=${process.env.NODE_OPTIONS ?? ''}): ` +
      'put Node 24 first on PATH with `. scripts/use-node.sh`, then run `npx jest <path>` (`npm test` does both).',
  );
}

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.{spec,integration-spec,e2e-spec}.ts'],
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
  testTimeout: 60_000,
  maxWorkers: 2,
};

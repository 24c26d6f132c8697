// Jest runs every tier: *.spec.ts (unit), *.workflow.spec.ts (time-skipping test server),
// *.integration-spec.ts (databases, HTTP) and test/e2e. See README "Tests".
const { pathsToModuleNameMapper } = require('./scripts/jest/paths');

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

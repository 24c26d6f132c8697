// Jest runs three tiers as projects (docs/architecture.md, "Testing tiers"): `npm run test:unit`,
// `test:integration`, `test:e2e`; `npm test` runs all of them.
const { shared } = require('./scripts/jest/shared-config');

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

// What every Jest configuration of the project shares (the tiers in jest.config.js, the fault suite in
// test/faults): TypeScript through swc with Nest's decorator metadata, and the path aliases.
const { pathsToModuleNameMapper } = require('./paths');

// NestJS 12 is ES modules only: Jest requires them natively, which needs Node's VM modules (.npmrc
// passes --experimental-vm-modules to npm and npx; Node >= 24.9).
if (typeof require('node:vm').SourceTextModule?.prototype.hasAsyncGraph !== 'function') {
  throw new Error(
    `Jest here needs Node.js >= 24.9 with --experimental-vm-modules (this is ${process.version}, NODE_OPTIONS=${process.env.NODE_OPTIONS ?? ''}): ` +
      'put Node 24 first on PATH with `. scripts/use-node.sh`, then run `npx jest <path>` (`npm test` does both).',
  );
}

const root = require('node:path').resolve(__dirname, '../..');

/** @type {import('jest').Config} */
const shared = {
  rootDir: root,
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

module.exports = { shared };

// The fault-injection suite (`npm run test:faults`, CI phase `faults`): real processes — Temporal dev
// server, worker and API from dist/, a private MariaDB — killed and restarted; see docs/reliability.md.
const { shared } = require('../../scripts/jest/shared-config');

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
};

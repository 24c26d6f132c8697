// The cluster tier (`npm run test:cluster`): Cascade on the production topology — a Temporal cluster on
// PostgreSQL (scripts/cluster/), two workers, two APIs behind HAProxy, a private MariaDB — with the
// seed cascade and the faults of docs/cluster.md. Needs `npm run build` and the cluster provisioned.
const { shared } = require('../../scripts/jest/shared-config');

/** @type {import('jest').Config} */
module.exports = {
  ...shared,
  testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
};

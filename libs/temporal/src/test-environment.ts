import { TestWorkflowEnvironment } from '@temporalio/testing';
import { locateDevServer, locateTestServer } from './engine-locator';

/**
 * Temporal's official time-skipping test server, from $TEMPORAL_TEST_SERVER_PATH or the
 * provisioned wrapper (scripts/provision-temporal.sh); the SDK's download only as a fallback.
 */
export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: locateTestServer().executable } });
}

/** A throwaway real dev server (in memory) for tests that need the production engine. */
export function createDevServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({ server: { executable: locateDevServer().executable, ui: false } });
}

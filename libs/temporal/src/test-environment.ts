import { TestWorkflowEnvironment } from '@temporalio/testing';
import { locateDevServer, locateTestServer } from './engine-locator';

/**
 * Temporal's official time-skipping test server, from $TEMPORAL_TEST_SERVER_PATH or the
 * provisioned wrapper (scripts/provision-temporal.sh); the SDK's download only as a fallback.
 */
export async function createTimeSkippingEnvironment(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: locateTestServer().executable },
      });
    } catch (error) {
      // The SDK gives the server 5 s to answer; a JVM starting on a busy 2-core machine can miss that.
      if (attempt >= attempts || !/did not start within/.test(String(error))) throw error;
    }
  }
}

/** A throwaway real dev server (in memory) for tests that need the production engine. */
export function createDevServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({ server: { executable: locateDevServer().executable, ui: false } });
}

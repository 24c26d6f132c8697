import { Connection } from '@temporalio/client';
import type { CascadeConfig } from '@cascade/config';
import { startDevServer, type RunningDevServer } from './dev-server';
import { temporalConnectionOptions } from './temporal-connection';

/** The Temporal server a process talks to, and the dev server it owns, if it started one. */
export interface TemporalEngine {
  address: string;
  namespace: string;
  /** Web UI of the owned dev server; null for an external server. */
  uiUrl: string | null;
  /** The dev server this process started, or null when TEMPORAL_ADDRESS named an existing one. */
  devServer: RunningDevServer | null;
}

/**
 * Connects to `TEMPORAL_ADDRESS` when given; otherwise starts the provisioned dev server
 * with its data under `CASCADE_DATA_DIR`.
 */
export async function acquireTemporalEngine(
  config: CascadeConfig,
  log: (line: string) => void = () => undefined,
): Promise<TemporalEngine> {
  const { address, namespace, uiPort } = config.temporal;
  if (address) {
    const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
    await connection.close();
    return { address, namespace, uiUrl: null, devServer: null };
  }
  const devServer = await startDevServer({ dataDir: config.dataDir, namespace, uiPort, log });
  return { address: devServer.address, namespace, uiUrl: devServer.uiUrl, devServer };
}

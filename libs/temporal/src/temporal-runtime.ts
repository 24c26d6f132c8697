import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

/**
 * Installs the SDK runtime once per process with a quieter logger: workers log every state
 * change and the whole webpack report at INFO. TEMPORAL_LOG_LEVEL overrides (default WARN).
 */
export function installTemporalRuntime(
  level: LogLevel = (process.env.TEMPORAL_LOG_LEVEL as LogLevel | undefined) ?? 'WARN',
): void {
  Runtime.install({ logger: new DefaultLogger(level) });
}

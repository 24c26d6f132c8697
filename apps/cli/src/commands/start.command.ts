import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@cascade/config';
import { describeDatabase, openDatabase } from '@cascade/persistence';
import { acquireTemporalEngine, installTemporalRuntime } from '@cascade/temporal';
import { configureApi } from '../../../api/src/configure-api';
import { CascadeAppModule } from '../cascade-app.module';
import type { CliCommand } from './command';

const log = (line: string) => console.log(`[cascade] ${line}`);

export const startCommand: CliCommand = {
  name: ['start'],
  summary: 'run the whole system: Temporal dev server (unless TEMPORAL_ADDRESS), worker and API',
  async run() {
    const config = loadConfig();
    installTemporalRuntime();
    const engine = await acquireTemporalEngine(config, (line) => {
      if (!line.startsWith('[temporal]')) log(line);
    });
    const stopEngine = async () => engine.devServer?.stop();
    try {
      const database = await openDatabase(config.database);
      await database.destroy();
      log(`database ${describeDatabase(config.database)} migrated`);

      const runtimeConfig = { ...config, temporal: { ...config.temporal, address: engine.address } };
      const app = await NestFactory.create(CascadeAppModule.forRoot(runtimeConfig), { logger: ['error', 'warn', 'log'] });
      configureApi(app);
      await app.listen(config.port, '0.0.0.0');

      const base = `http://127.0.0.1:${config.port}`;
      log('Cascade is running:');
      log(`  API health    ${base}/api/health`);
      log(`  API docs      ${base}/api/docs`);
      log(`  Temporal      ${engine.address}${engine.devServer ? ' (dev server started by Cascade)' : ''}`);
      if (engine.uiUrl) log(`  Temporal UI   ${engine.uiUrl}`);
      log('Press Ctrl-C to stop.');

      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log(`${signal}: stopping`);
          void app.close().catch((error: unknown) => log(`error while stopping: ${String(error)}`)).finally(resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    } finally {
      await stopEngine();
      log('stopped');
    }
  },
};

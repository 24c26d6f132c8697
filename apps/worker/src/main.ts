import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig, runMain } from '@cascade/config';
import { installTemporalRuntime } from '@cascade/temporal';
import { WorkerAppModule } from './worker.module';

// Runs only the worker against an existing Temporal server (TEMPORAL_ADDRESS); `npm start` runs everything.
runMain(async () => {
  installTemporalRuntime();
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(loadConfig()));
  app.enableShutdownHooks();
});

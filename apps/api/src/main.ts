import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig, runMain } from '@cascade/config';
import { ApiAppModule } from './api.module';
import { configureApi } from './configure-api';

// Serves only the API against an existing Temporal server (TEMPORAL_ADDRESS); `npm start` runs everything.
runMain(async () => {
  const config = loadConfig();
  const app = await NestFactory.create(ApiAppModule.forRoot(config));
  configureApi(app);
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
  console.log(`Cascade API listening on http://127.0.0.1:${config.port}/api`);
});

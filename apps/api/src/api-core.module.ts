import { Global, Module } from '@nestjs/common';
import { AccessPolicy } from './auth/access-policy.service';
import { DocumentFilesService } from './documents/document-files.service';
import { FILE_STORE, fileStoreProvider } from './documents/file-store.provider';
import { UnitRegistry } from './units/unit-registry.service';

/** What every feature module of the API shares: the AccessPolicy, the unit registry, the documents' file checks and store. */
@Global()
@Module({
  providers: [AccessPolicy, UnitRegistry, DocumentFilesService, fileStoreProvider],
  exports: [AccessPolicy, UnitRegistry, DocumentFilesService, FILE_STORE],
})
export class ApiCoreModule {}

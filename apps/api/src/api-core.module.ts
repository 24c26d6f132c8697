import { Global, Module } from '@nestjs/common';
import { AccessPolicy } from './auth/access-policy.service';
import { DocumentFilesService } from './documents/document-files.service';
import { UnitRegistry } from './units/unit-registry.service';

/** What every feature module of the API shares: the AccessPolicy, the unit registry, the documents' file checks. */
@Global()
@Module({
  providers: [AccessPolicy, UnitRegistry, DocumentFilesService],
  exports: [AccessPolicy, UnitRegistry, DocumentFilesService],
})
export class ApiCoreModule {}

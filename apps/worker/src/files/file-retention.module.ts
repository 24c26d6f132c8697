import { Module } from '@nestjs/common';
import { StorageModule } from '@cascade/storage';
import { FileRetentionSweeper, RETENTION_CLOCK } from './file-retention.service';

/** The worker's periodic removal of uploads never attached (the repositories come from PersistenceModule). */
@Module({
  imports: [StorageModule],
  providers: [FileRetentionSweeper, { provide: RETENTION_CLOCK, useValue: (): number => Date.now() }],
  exports: [FileRetentionSweeper],
})
export class FileRetentionModule {}

import { Module } from '@nestjs/common';
import { StorageModule } from '@cascade/storage';
import { FileAccessService } from './file-access.service';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';

/** Upload and download of files (正文, 附件, 报送材料) and who may read them. */
@Module({
  imports: [StorageModule],
  controllers: [FilesController],
  providers: [FilesService, FileAccessService],
  exports: [FileAccessService],
})
export class FilesModule {}

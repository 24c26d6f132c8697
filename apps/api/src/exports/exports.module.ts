import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { ReportsArchiveService } from './reports-archive.service';
import { FormsModule } from '../forms/forms.module';
import { RollupExportService } from './rollup-export.service';

@Module({
  imports: [FormsModule],
  controllers: [ExportsController],
  providers: [ExportsService, ReportsArchiveService, RollupExportService],
})
export class ExportsModule {}

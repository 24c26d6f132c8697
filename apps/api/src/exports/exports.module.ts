import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { ReportsArchiveService } from './reports-archive.service';

@Module({ controllers: [ExportsController], providers: [ExportsService, ReportsArchiveService] })
export class ExportsModule {}

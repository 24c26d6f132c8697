import { Module } from '@nestjs/common';
import { DashboardSupportController } from './dashboard-support.controller';
import { DashboardSupportService } from './dashboard-support.service';

/** Read endpoints the web dashboard needs beyond the core API (/api/me, subordinates, timeline, 督办 board). */
@Module({ controllers: [DashboardSupportController], providers: [DashboardSupportService] })
export class DashboardSupportModule {}

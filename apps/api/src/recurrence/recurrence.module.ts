import { Module } from '@nestjs/common';
import { WorkCalendarSource } from '@cascade/calendar';
import { PeriodsService } from './periods.service';
import { QuotaShortfallService } from './quota-shortfall.service';
import { RecurrenceController } from './recurrence.controller';
import { RecurrenceSchedulesService } from './recurrence-schedules.service';

/** 周期性公文: a Temporal Schedule per recurring directive, its periods, pause and resume. */
@Module({
  controllers: [RecurrenceController],
  providers: [WorkCalendarSource, RecurrenceSchedulesService, PeriodsService, QuotaShortfallService],
  exports: [RecurrenceSchedulesService, QuotaShortfallService],
})
export class RecurrenceModule {}

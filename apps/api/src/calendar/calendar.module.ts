import { Module } from '@nestjs/common';
import { CalendarUpdateService } from '@cascade/calendar';
import { CalendarController } from './calendar.controller';

/** The working-day calendar: a year's 放假安排 loaded at run time moves the running timers. */
@Module({ controllers: [CalendarController], providers: [CalendarUpdateService] })
export class CalendarModule {}

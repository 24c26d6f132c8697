import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module';
import { CalendarUpdateService } from './calendar-update.service';
import { ChangesController } from './changes.controller';
import { DirectiveChangesService } from './directive-changes.service';

/** Changes while a cascade runs: extension decisions, withdrawal, amendment, calendar updates. */
@Module({ imports: [AssignmentsModule], controllers: [ChangesController], providers: [DirectiveChangesService, CalendarUpdateService], exports: [CalendarUpdateService] })
export class ChangesModule {}

import { Module } from '@nestjs/common';
import { RecurrenceModule } from '../recurrence/recurrence.module';
import { DirectiveChangesService } from './directive-changes.service';
import { DirectiveTimelineService } from './directive-timeline.service';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';

/** 公文: issue, list, read, tree and 留痕 timeline; withdrawal (撤回) and amendment (更正). */
@Module({
  imports: [RecurrenceModule],
  controllers: [DirectivesController],
  providers: [DirectivesService, DirectiveChangesService, DirectiveTimelineService],
  exports: [DirectivesService],
})
export class DirectivesModule {}

import { Module } from '@nestjs/common';
import { DirectiveChangesService } from './directive-changes.service';
import { DirectiveTimelineService } from './directive-timeline.service';
import { DirectivesController } from './directives.controller';
import { DirectivesService } from './directives.service';

/** 公文: issue, list, read, tree and 留痕 timeline; withdrawal (撤回) and amendment (更正). */
@Module({
  controllers: [DirectivesController],
  providers: [DirectivesService, DirectiveChangesService, DirectiveTimelineService],
  exports: [DirectivesService],
})
export class DirectivesModule {}

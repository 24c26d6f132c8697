import { Module } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller';
import { AssignmentReadsService } from './assignment-reads.service';
import { AssignmentsService } from './assignments.service';
import { ExtensionRequestsController } from './extension-requests.controller';
import { FormsModule } from '../forms/forms.module';
import { RecurrenceModule } from '../recurrence/recurrence.module';

/** 承办任务: the operations on an assignment, each an Update of its workflow, and 延期 decisions. */
@Module({
  imports: [FormsModule, RecurrenceModule],
  controllers: [AssignmentsController, ExtensionRequestsController],
  providers: [AssignmentsService, AssignmentReadsService],
  exports: [AssignmentsService],
})
export class AssignmentsModule {}

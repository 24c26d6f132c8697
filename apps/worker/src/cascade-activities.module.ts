import { Module } from '@nestjs/common';
import type { CascadeActivities } from '@cascade/contracts';
import { ForwardReviewActivities } from './activities/forward-review.activities';
import { ProjectionActivities } from './activities/record-events.activity';
import { ScheduleActivities } from './activities/schedule.activities';
import { WorkCalendarSource } from '@cascade/calendar';

/** Injection token of the activity object the worker registers. */
export const CASCADE_ACTIVITIES = Symbol('CASCADE_ACTIVITIES');

/** The activities of the cascade workflows as DI services, bound into one object for the worker. */
@Module({
  providers: [
    WorkCalendarSource,
    ScheduleActivities,
    ForwardReviewActivities,
    ProjectionActivities,
    {
      provide: CASCADE_ACTIVITIES,
      inject: [ScheduleActivities, ForwardReviewActivities, ProjectionActivities],
      useFactory: (
        schedule: ScheduleActivities,
        review: ForwardReviewActivities,
        projection: ProjectionActivities,
      ): CascadeActivities => ({
        planSchedule: (input) => schedule.planSchedule(input),
        reviewForward: (input) => review.reviewForward(input),
        proposeForwardDeadline: (input) => review.proposeForwardDeadline(input),
        recordEvents: (events, notice) => projection.recordEvents(events, notice),
      }),
    },
  ],
  exports: [CASCADE_ACTIVITIES, WorkCalendarSource],
})
export class CascadeActivitiesModule {}

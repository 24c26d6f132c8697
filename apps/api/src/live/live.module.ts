import { Module } from '@nestjs/common';
import { LiveChangesService } from './live-changes.service';

/** Live updates: changes of the read model, fanned out to the open streams that may know of them. */
@Module({ providers: [LiveChangesService], exports: [LiveChangesService] })
export class LiveModule {}

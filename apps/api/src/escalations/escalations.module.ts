import { Module } from '@nestjs/common';
import { EscalationBoardController } from './escalation-board.controller';
import { EscalationBoardService } from './escalation-board.service';
import { EscalationsController } from './escalations.controller';

/** 督办记录: the listing and the 督办 board. */
@Module({ controllers: [EscalationsController, EscalationBoardController], providers: [EscalationBoardService] })
export class EscalationsModule {}

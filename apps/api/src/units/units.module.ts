import { Module } from '@nestjs/common';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

/** 单位: a unit's inbox, its subordinates, and names by code. */
@Module({ controllers: [UnitsController], providers: [UnitsService] })
export class UnitsModule {}

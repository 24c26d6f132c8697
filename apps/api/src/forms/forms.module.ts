import { Module } from '@nestjs/common';
import { FormRollupService } from './form-rollup.service';
import { FormsController } from './forms.controller';
import { FormsService } from './forms.service';

/** 填报表 and 逐级汇总: the form of an assignment with its subtree totals, and a directive's roll-up. */
@Module({
  controllers: [FormsController],
  providers: [FormRollupService, FormsService],
  exports: [FormRollupService],
})
export class FormsModule {}

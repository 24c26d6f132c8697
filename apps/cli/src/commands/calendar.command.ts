import * as fs from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { CalendarUpdateService } from '@cascade/calendar';
import { CascadeConfigModule, loadConfig } from '@cascade/config';
import { CalendarDataError, parseCalendarYearData } from '@cascade/domain';
import { formatShanghai, PersistenceModule } from '@cascade/persistence';
import { TemporalClientModule } from '@cascade/temporal';
import { type CliCommand, UsageError } from './command';

const USAGE =
  '用法：cascade calendar load FILE.json   (FILE: {"year":2027,"holidays":["2027-01-01",…],"workdays":["2027-02-07",…]})';

@Module({ providers: [CalendarUpdateService] })
class CalendarCommandModule {}

const day = formatShanghai;

export const calendarLoadCommand: CliCommand = {
  name: ['calendar', 'load'],
  summary: "load a year's 放假安排 (JSON) and move the running working-day timers; prints what moved",
  async run(args) {
    const [file] = args;
    if (!file) throw new UsageError(USAGE);
    let year;
    try {
      year = parseCalendarYearData(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      if (
        error instanceof CalendarDataError ||
        error instanceof SyntaxError ||
        (error as NodeJS.ErrnoException).code === 'ENOENT'
      ) {
        throw new UsageError(`无法读取日历文件 ${file}：${(error as Error).message}\n${USAGE}`);
      }
      throw error;
    }
    const config = loadConfig();
    // The running system's dev server listens on 7233 unless told otherwise.
    const address = config.temporal.address ?? '127.0.0.1:7233';
    const app = await NestFactory.createApplicationContext(
      {
        module: CalendarCommandModule,
        imports: [
          CascadeConfigModule.forRoot({ ...config, temporal: { ...config.temporal, address } }),
          PersistenceModule,
          TemporalClientModule,
        ],
      },
      { logger: ['error', 'warn'] },
    );
    try {
      const moved = await app.get(CalendarUpdateService).load(year, `file:${file}`);
      console.log(
        `${year.year} 年放假安排已载入（${year.holidays.length} 个节假日，${year.workdays.length} 个调休上班日）；${moved.length} 项在办任务的时限随之调整`,
      );
      for (const m of moved) {
        console.log(
          `  ${m.assignmentId}  签收期限 ${day(m.before.ackDueAt)} → ${day(m.after.ackDueAt)}；提醒 ${m.before.reminders.map(day).join('、')} → ${m.after.reminders.map(day).join('、')}；督办 ${m.before.ladder.map(day).join('、')} → ${m.after.ladder.map(day).join('、')}`,
        );
      }
    } finally {
      await app.close();
    }
  },
};

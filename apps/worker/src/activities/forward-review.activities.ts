import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { ProposeForwardDeadlineInput, Recipient, ReviewForwardInput, ReviewForwardResult } from '@cascade/contracts';
import { assessForward, proposeLevelDeadlines } from '@cascade/domain';
import { UnitEntity } from '@cascade/persistence';
import { WorkCalendarSource } from '../work-calendar.provider';

const reject = (rejection: string): ReviewForwardResult => ({ rejection, warnings: [], recipients: [] });

/**
 * Forward rules that need the unit registry and the calendar: recipients must be known
 * subordinates of the forwarding unit; a forward that squeezes more than its share of the
 * time (层层加码) is accepted with a warning, an impossible one is refused.
 */
@Injectable()
export class ForwardReviewActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: WorkCalendarSource,
  ) {}

  async reviewForward({ unitCode, ownDeadline, forwardedAt, forward }: ReviewForwardInput): Promise<ReviewForwardResult> {
    const units = this.dataSource.getRepository(UnitEntity);
    const codes = forward.recipients.map((recipient) => recipient.unitCode);
    const [self, found] = await Promise.all([units.findOneBy({ code: unitCode }), units.findBy({ code: In(codes) })]);
    if (!self) return reject(`单位 ${unitCode} 不在单位名录中`);
    const byCode = new Map(found.map((unit) => [unit.code, unit]));
    const recipients: Recipient[] = [];
    for (const code of codes) {
      const unit = byCode.get(code);
      if (!unit) return reject(`接收单位 ${code} 不在单位名录中`);
      if (unit.code === self.code || !unit.path.startsWith(self.path)) return reject(`${unit.name}（${unit.code}）不是${self.name}的下级单位，不能转发`);
      recipients.push({ unitCode: unit.code, unitName: unit.name });
    }
    const levelsBelow = await this.levelsBelow(self);
    const assessment = assessForward({
      parentDeadline: new Date(ownDeadline),
      forwardDeadline: new Date(forward.deadline),
      forwardedAt: new Date(forwardedAt),
      levelsBelow,
      calendar: await this.calendars.current(),
    });
    if (assessment.verdict === 'impossible') return reject(assessment.message);
    return { rejection: null, warnings: assessment.verdict === 'squeezed' ? [assessment.message] : [], recipients };
  }

  /** The deadline budgeting proposes for the unit's forward, given its own deadline (epoch ms). */
  async proposeForwardDeadline({ unitCode, parentDeadline, forwardedAt }: ProposeForwardDeadlineInput): Promise<number> {
    const self = await this.dataSource.getRepository(UnitEntity).findOneBy({ code: unitCode });
    const levelsBelow = self ? await this.levelsBelow(self) : 1;
    const plan = proposeLevelDeadlines({
      parentDeadline: new Date(parentDeadline),
      forwardedAt: new Date(forwardedAt),
      levelsBelow: levelsBelow + 1,
      calendar: await this.calendars.current(),
    });
    return plan.levels[1].deadline.getTime();
  }

  /** How many administrative levels lie below the forwarding unit (at least 1: the recipients). */
  private async levelsBelow(self: UnitEntity): Promise<number> {
    const rows = await this.dataSource
      .getRepository(UnitEntity)
      .createQueryBuilder('unit')
      .select('DISTINCT unit.level', 'level')
      .where('unit.path LIKE :prefix AND unit.code <> :code', { prefix: `${self.path}%`, code: self.code })
      .getRawMany<{ level: string }>();
    return Math.max(1, rows.filter((row) => row.level !== 'member').length);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type {
  ProposeForwardDeadlineInput,
  Recipient,
  ReviewForwardInput,
  ReviewForwardResult,
} from '@cascade/contracts';
import { WorkCalendarSource } from '@cascade/calendar';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { assessForward, proposeLevelDeadlines } from '@cascade/domain';
import { issueProblem } from '@cascade/domain/units';
import { type UnitEntity, UnitsRepository } from '@cascade/persistence';

const reject = (rejection: string): ReviewForwardResult => ({ rejection, warnings: [], recipients: [] });

/**
 * Forward rules that need the unit registry and the calendar: recipients must be known
 * subordinates of the forwarding unit or units it declared a relation with; a forward that squeezes more than its share of the
 * time (层层加码) is accepted with a warning, an impossible one is refused.
 */
@Injectable()
export class ForwardReviewActivities {
  constructor(
    private readonly units: UnitsRepository,
    private readonly calendars: WorkCalendarSource,
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
  ) {}

  async reviewForward({
    unitCode,
    ownDeadline,
    forwardedAt,
    forward,
  }: ReviewForwardInput): Promise<ReviewForwardResult> {
    const codes = forward.recipients.map((recipient) => recipient.unitCode);
    const [self, byCode] = await Promise.all([this.units.findByCode(unitCode), this.units.byCodes(codes)]);
    if (!self) return reject(`单位 ${unitCode} 不在单位名录中`);
    const relations = await this.units.relationsFrom(unitCode, codes);
    const recipients: Recipient[] = [];
    for (const code of codes) {
      const unit = byCode.get(code);
      if (!unit) return reject(`接收单位 ${code} 不在单位名录中`);
      const problem = issueProblem(self, unit, relations.get(code));
      if (problem) return reject(problem);
      recipients.push({ unitCode: unit.code, unitName: unit.name });
    }
    const levelsBelow = await this.levelsBelow(self);
    const assessment = assessForward({
      parentDeadline: new Date(ownDeadline),
      forwardDeadline: new Date(forward.deadline),
      forwardedAt: new Date(forwardedAt),
      levelsBelow,
      squeezeWarnRatio: this.config.squeezeWarnRatio,
      calendar: await this.calendars.current(),
    });
    if (assessment.verdict === 'impossible') return reject(assessment.message);
    return { rejection: null, warnings: assessment.verdict === 'squeezed' ? [assessment.message] : [], recipients };
  }

  /** The deadline budgeting proposes for the unit's forward, given its own deadline (epoch ms). */
  async proposeForwardDeadline({
    unitCode,
    parentDeadline,
    forwardedAt,
  }: ProposeForwardDeadlineInput): Promise<number> {
    const self = await this.units.findByCode(unitCode);
    const levelsBelow = self ? await this.levelsBelow(self) : 1;
    const plan = proposeLevelDeadlines({
      parentDeadline: new Date(parentDeadline),
      forwardedAt: new Date(forwardedAt),
      levelsBelow: levelsBelow + 1,
      calendar: await this.calendars.current(),
    });
    return plan.levels[1].deadline.getTime();
  }

  /** At least 1: the recipients are a level below, even where the registry lists none yet. */
  private async levelsBelow(self: UnitEntity): Promise<number> {
    return Math.max(1, await this.units.levelsBelow(self));
  }
}

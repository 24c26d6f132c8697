import { type WorkCalendar } from '../calendar/work-calendar';
import { deadlineProblem } from '../deadlines/deadline-rules';
import { formatCivilDate, toDayNumber } from '../time/civil-date';
import { shanghaiDayOf } from '../time/shanghai-time';

/** The internal deadline proposed for one level below the issuer (level 1 = its direct recipients). */
export interface LevelDeadline {
  level: number;
  deadline: Date;
  /** Working days this level has from the start to its deadline. */
  workdays: number;
}

export interface LevelDeadlineProposal {
  levels: LevelDeadline[];
  /** Working days from the start (issue or forward) to the parent deadline. */
  availableWorkdays: number;
  /** Reserve actually kept per level: less than asked when time is short. */
  reserveWorkdays: number;
  warnings: string[];
}

export interface ProposeLevelDeadlinesInput {
  /** The deadline the direct recipients owe the issuer. */
  parentDeadline: Date;
  /** When the cascade starts (issue of the directive, or the moment of forwarding). */
  issuedAt?: Date;
  forwardedAt?: Date;
  /** Levels below the issuer that take part, e.g. city, county, township = 3. */
  levelsBelow: number;
  /** Working days each intermediate level keeps to aggregate (汇总) its subordinates' reports. Default 1. */
  reserveWorkdays?: number;
  calendar: WorkCalendar;
}

const day = (instant: Date): string => formatCivilDate(shanghaiDayOf(instant));

/**
 * Proposes every level's internal deadline: level 1 reports by the parent deadline; each level
 * below must report `reserveWorkdays` working days before the level above, so that level has time
 * to aggregate. Deadlines fall at the end of a working day. When the time available cannot hold a
 * full reserve per level, the reserve shrinks (the bottom level keeps at least one working day when
 * possible) and a warning says so.
 */
export function proposeLevelDeadlines(input: ProposeLevelDeadlinesInput): LevelDeadlineProposal {
  const { parentDeadline, levelsBelow, calendar } = input;
  const start = input.issuedAt ?? input.forwardedAt;
  if (!start) throw new RangeError('proposeLevelDeadlines needs issuedAt or forwardedAt');
  if (!Number.isInteger(levelsBelow) || levelsBelow < 1)
    throw new RangeError(`levelsBelow must be a positive integer: ${levelsBelow}`);
  const asked = input.reserveWorkdays ?? 1;
  if (!Number.isInteger(asked) || asked < 0)
    throw new RangeError(`reserveWorkdays must be a non-negative integer: ${asked}`);

  const warnings: string[] = [];
  const available = calendar.workingDaysBetween(start, parentDeadline);
  let reserve = asked;
  if (levelsBelow > 1 && available - (levelsBelow - 1) * reserve < 1) {
    reserve = Math.max(0, Math.floor((available - 1) / (levelsBelow - 1)));
    warnings.push(
      `从 ${day(start)} 到上级期限 ${day(parentDeadline)} 只有 ${available} 个工作日，不足以为 ${levelsBelow} 级各留 ${asked} 个工作日汇总，每级预留已压缩为 ${reserve} 个工作日`,
    );
  }
  if (available < 1)
    warnings.push(`上级期限 ${day(parentDeadline)} 距 ${day(start)} 已不足一个工作日，下级无法充分办理`);

  const levels: LevelDeadline[] = [];
  for (let level = 1; level <= levelsBelow; level++) {
    const deadline = level === 1 ? parentDeadline : calendar.addWorkingDays(parentDeadline, -(level - 1) * reserve);
    // Never propose a deadline before the cascade starts.
    const bounded = deadline.getTime() < start.getTime() ? parentDeadline : deadline;
    levels.push({ level, deadline: bounded, workdays: calendar.workingDaysBetween(start, bounded) });
  }
  return { levels, availableWorkdays: available, reserveWorkdays: reserve, warnings };
}

export interface AssessForwardInput {
  /** The forwarding unit's own deadline (what it owes its parent). */
  parentDeadline: Date;
  /** The deadline it sets for its subordinates. */
  forwardDeadline: Date;
  forwardedAt: Date;
  /** Levels below the forwarding unit (at least 1: the recipients). */
  levelsBelow: number;
  reserveWorkdays?: number;
  /**
   * Share of the fair time (0–1) a forward may take away before it counts as 层层加码; default
   * {@link DEFAULT_SQUEEZE_WARN_RATIO}. A unit that keeps a day or two more than its reserve is normal
   * practice, not squeezing.
   */
  squeezeWarnRatio?: number;
  calendar: WorkCalendar;
}

/** Default share of the fair time a forward may take before it is flagged as 层层加码. */
export const DEFAULT_SQUEEZE_WARN_RATIO = 0.25;

export type ForwardVerdict = 'ok' | 'squeezed' | 'impossible';

export interface ForwardAssessment {
  verdict: ForwardVerdict;
  /**
   * Share of the working days the subordinates should have had (by {@link proposeLevelDeadlines})
   * that the forward takes away: 0 = none, 1 = all. 层层加码 when above 0.
   */
  squeezeRatio: number;
  /** The deadline the subordinates would fairly get. */
  proposedDeadline: Date;
  message: string;
}

/**
 * Judges the deadline a unit sets when forwarding: 'impossible' when it is later than the unit's
 * own deadline (or already past when forwarded), 'squeezed' (层层加码) when the unit keeps so much
 * more than its aggregation reserve that the subordinates lose at least `squeezeWarnRatio` of their
 * fair time, else 'ok'.
 */
export function assessForward(input: AssessForwardInput): ForwardAssessment {
  const { parentDeadline, forwardDeadline, forwardedAt, calendar } = input;
  const plan = proposeLevelDeadlines({
    parentDeadline,
    forwardedAt,
    levelsBelow: Math.max(1, input.levelsBelow) + 1,
    reserveWorkdays: input.reserveWorkdays,
    calendar,
  });
  const proposedDeadline = plan.levels[1].deadline;
  const problem = deadlineProblem('转发期限', forwardDeadline.getTime(), forwardedAt.getTime(), {
    label: '本单位报送期限',
    at: parentDeadline.getTime(),
  });
  if (problem) {
    return {
      verdict: 'impossible',
      squeezeRatio: problem.code === 'DEADLINE_PAST' ? 1 : 0,
      proposedDeadline,
      message: problem.message,
    };
  }
  const fair = calendar.workingDaysBetween(forwardedAt, proposedDeadline);
  const given = calendar.workingDaysBetween(forwardedAt, forwardDeadline);
  if (toDayNumber(shanghaiDayOf(forwardDeadline)) >= toDayNumber(shanghaiDayOf(proposedDeadline)) || given >= fair) {
    return {
      verdict: 'ok',
      squeezeRatio: 0,
      proposedDeadline,
      message: `转发期限合理：下级有 ${given} 个工作日办理（建议期限 ${day(proposedDeadline)}）`,
    };
  }
  const squeezeRatio = fair > 0 ? Math.min(1, Math.max(0, (fair - given) / fair)) : 1;
  const threshold = input.squeezeWarnRatio ?? DEFAULT_SQUEEZE_WARN_RATIO;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`squeezeWarnRatio must be within 0..1: ${threshold}`);
  if (squeezeRatio < threshold) {
    return {
      verdict: 'ok',
      squeezeRatio,
      proposedDeadline,
      message: `转发期限合理：下级有 ${given} 个工作日办理（建议期限 ${day(proposedDeadline)}，压缩 ${Math.round(squeezeRatio * 100)}%，未达加码提示阈值 ${Math.round(threshold * 100)}%）`,
    };
  }
  return {
    verdict: 'squeezed',
    squeezeRatio,
    proposedDeadline,
    message: `转发期限 ${day(forwardDeadline)} 比建议期限 ${day(proposedDeadline)} 提前 ${fair - given} 个工作日，下级办理时间由 ${fair} 个工作日压缩为 ${given} 个（压缩 ${Math.round(squeezeRatio * 100)}%），存在层层加码`,
  };
}

import { createHash } from 'node:crypto';
import type { DirectivePolicy, Recipient } from '@cascade/contracts';
import type { UnitSeed } from '@cascade/domain/units';
import type { DemoActions } from './demo-actions';

/** How a unit behaves in the script, decided from its code so that a run can be replayed. */
type Fate = 'punctual' | 'late' | 'silent';

export interface DemoPlayOptions {
  /** Time runs this many times faster than the script's 5 minutes. */
  speed: number;
  /** Levels below the root that take part (national: province, city, county = 3). */
  depth: number;
  /** Distinguishes runs: directive ids and the fates of units. */
  runId: string;
  onProgress?: (progress: DemoProgressSnapshot) => void;
}

export interface DemoProgressSnapshot {
  total: number;
  delivered: number;
  acknowledged: number;
  forwarded: number;
  reported: number;
  late: number;
  silent: number;
  errors: number;
  elapsedMs: number;
}

export interface DemoPlayResult extends DemoProgressSnapshot {
  rootDirectiveId: string;
  errorSamples: string[];
}

/** The top directive's window at speed 1: its deadline is this long after it is issued. */
const ROOT_WINDOW_MS = 5 * 60_000;
/** Each level gets this share of the time its issuer has left (层层提前). */
const LEVEL_SHARE = 0.7;
/** Share of the units without subordinates whose report carries a file. */
const FILE_SHARE = 0.25;
/** Calls in flight at once: a load generator, not a denial of service. */
const MAX_IN_FLIGHT = 48;

function fraction(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 0x1_0000_0000;
}

function fateOf(unitCode: string, runId: string): Fate {
  const x = fraction(`${runId}/${unitCode}/fate`);
  return x < 0.05 ? 'silent' : x < 0.17 ? 'late' : 'punctual';
}

const seconds = (ms: number) => `PT${Math.max(1, Math.round(ms / 1000))}S`;

/** Reminders and the 督办 ladder scaled to the window, so they fire during the demonstration. */
function policyFor(windowMs: number): DirectivePolicy {
  return {
    ackWithin: seconds(windowMs * 0.25),
    remindBefore: [seconds(windowMs * 0.15)],
    ladder: ['PT0S', seconds(windowMs * 0.15), seconds(windowMs * 0.3)],
  };
}

class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Plays a cascade down a unit hierarchy: the root issues to its children; every unit
 * acknowledges after a while, forwards to its own children with an earlier deadline, and reports
 * — most in time, some late, a few never (they climb the 督办 ladder).
 */
export class DemoPlayer {
  private readonly children = new Map<string, Recipient[]>();
  private readonly limiter = new Limiter(MAX_IN_FLIGHT);
  private readonly counts: Omit<DemoProgressSnapshot, 'elapsedMs'> = {
    total: 0,
    delivered: 0,
    acknowledged: 0,
    forwarded: 0,
    reported: 0,
    late: 0,
    silent: 0,
    errors: 0,
  };
  private readonly errorSamples: string[] = [];
  private startedAt = 0;
  private directiveCount = 0;

  constructor(
    private readonly actions: DemoActions,
    units: readonly UnitSeed[],
    private readonly options: DemoPlayOptions,
  ) {
    const levels = new Map(units.map((unit) => [unit.code, unit.level]));
    for (const unit of units) {
      // Member units (e.g. 老龄委成员单位) answer for themselves; the demo forwards only down the regional offices.
      if (!unit.parentCode || levels.get(unit.parentCode) === 'member') continue;
      const siblings = this.children.get(unit.parentCode) ?? [];
      siblings.push({ unitCode: unit.code, unitName: unit.name });
      this.children.set(unit.parentCode, siblings);
    }
  }

  private count(code: string, depth: number): number {
    if (depth === 0) return 0;
    return (this.children.get(code) ?? []).reduce((sum, child) => sum + 1 + this.count(child.unitCode, depth - 1), 0);
  }

  private snapshot(): DemoProgressSnapshot {
    return { ...this.counts, elapsedMs: Date.now() - this.startedAt };
  }

  private tick(): void {
    this.options.onProgress?.(this.snapshot());
  }

  private sleepUntil(at: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  }

  private nextDirectiveId(): string {
    return `demo-${this.options.runId}-${++this.directiveCount}`;
  }

  private docNumber(): string {
    return `演示〔${new Date().getFullYear()}〕${this.options.runId.slice(-4)}-${this.directiveCount}号`;
  }

  private async act(what: string, work: () => Promise<void>): Promise<boolean> {
    try {
      await this.limiter.run(work);
      return true;
    } catch (error) {
      this.counts.errors++;
      if (this.errorSamples.length < 5)
        this.errorSamples.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      this.tick();
      return false;
    }
  }

  async play(rootCode: string, title: string): Promise<DemoPlayResult> {
    this.startedAt = Date.now();
    this.counts.total = this.count(rootCode, this.options.depth);
    const recipients = this.children.get(rootCode) ?? [];
    if (recipients.length === 0) throw new Error(`unit ${rootCode} has no subordinate units to issue to`);
    const windowMs = ROOT_WINDOW_MS / this.options.speed;
    const deadline = Date.now() + windowMs;
    const directiveId = this.nextDirectiveId();
    const issued = await this.actions.issue({
      directiveId,
      docNumber: this.docNumber(),
      title,
      issuerUnit: rootCode,
      recipients,
      deadline,
      policy: policyFor(windowMs),
    });
    this.counts.delivered += recipients.length;
    this.tick();
    await Promise.all(
      recipients.map((unit) => this.playUnit(issued, unit, this.startedAt, deadline, title, this.options.depth - 1)),
    );
    this.tick();
    return { ...this.snapshot(), rootDirectiveId: issued, errorSamples: this.errorSamples };
  }

  /** One unit's part; resolves when it has reported (or, if silent, given up). */
  private async playUnit(
    directiveId: string,
    unit: Recipient,
    deliveredAt: number,
    deadline: number,
    title: string,
    depth: number,
  ): Promise<void> {
    const window = deadline - deliveredAt;
    const r = (what: string) => fraction(`${this.options.runId}/${unit.unitCode}/${what}`);
    const fate = fateOf(unit.unitCode, this.options.runId);

    await this.sleepUntil(deliveredAt + window * (0.03 + 0.12 * r('ack')));
    if (!(await this.act(`${unit.unitCode} 签收`, () => this.actions.acknowledge(directiveId, unit.unitCode)))) return;
    this.counts.acknowledged++;
    this.tick();

    const subordinates = depth > 0 ? (this.children.get(unit.unitCode) ?? []) : [];
    let below: Promise<void> = Promise.resolve();
    if (subordinates.length > 0) {
      const forwardedAt = Date.now();
      const childDeadline = forwardedAt + (deadline - forwardedAt) * LEVEL_SHARE;
      const forwardId = this.nextDirectiveId();
      const forwarded = await this.act(`${unit.unitCode} 转发`, () =>
        this.actions.forward(directiveId, unit.unitCode, {
          directiveId: forwardId,
          docNumber: this.docNumber(),
          title: `${unit.unitName}关于转发《${title}》的通知`,
          recipients: subordinates,
          deadline: childDeadline,
          policy: policyFor(childDeadline - forwardedAt),
        }),
      );
      if (forwarded) {
        this.counts.forwarded++;
        this.counts.delivered += subordinates.length;
        this.tick();
        below = Promise.all(
          subordinates.map((child) => this.playUnit(forwardId, child, forwardedAt, childDeadline, title, depth - 1)),
        ).then(() => undefined);
      }
    }

    if (fate === 'silent') {
      this.counts.silent++;
      this.tick();
      await below;
      return;
    }
    // A forwarding unit reports once its subordinates are in, or when its own time is nearly up.
    const reportAt =
      fate === 'late'
        ? deadline + window * (0.05 + 0.2 * r('late'))
        : deliveredAt + window * (0.55 + 0.35 * r('report'));
    await Promise.race([
      subordinates.length > 0 ? below : new Promise<void>(() => undefined),
      this.sleepUntil(reportAt),
    ]);
    if (fate === 'late') await this.sleepUntil(reportAt);
    const late = Date.now() > deadline;
    const content = `${unit.unitName}已组织学习并开展主题活动${subordinates.length ? `（汇总下级${subordinates.length}个单位）` : ''}。`;
    // About one in four units without subordinates sends its 情况报告 as a file too.
    const file =
      subordinates.length === 0 && r('file') < FILE_SHARE
        ? {
            name: `${unit.unitName}情况报告.txt`,
            content: Buffer.from(`${unit.unitName}情况报告\n\n${content}\n`, 'utf8'),
            mediaType: 'text/plain',
          }
        : undefined;
    if (await this.act(`${unit.unitCode} 报送`, () => this.actions.report(directiveId, unit.unitCode, content, file))) {
      this.counts.reported++;
      if (late) this.counts.late++;
      this.tick();
    }
    await below;
  }
}

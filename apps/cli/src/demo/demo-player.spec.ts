import { SHANXI_DEMO_UNITS } from '@cascade/domain/units';
import type { DemoActions, DemoFile, DemoIssue } from './demo-actions';
import { DemoPlayer, type DemoProgressSnapshot } from './demo-player';
import { formatProgress } from './progress-bar';

/** Records what the script does, with the deadline each assignment was given. */
class RecordingActions implements DemoActions {
  readonly deadlines = new Map<string, number>();
  readonly calls: Array<{ op: string; directiveId: string; unit: string; at: number; file?: DemoFile }> = [];
  readonly forwards: Array<{ from: string; ownDeadline: number; deadline: number; recipients: number }> = [];

  async issue(directive: DemoIssue): Promise<string> {
    for (const r of directive.recipients)
      this.deadlines.set(`${directive.directiveId}/${r.unitCode}`, directive.deadline);
    return directive.directiveId;
  }

  async acknowledge(directiveId: string, unit: string): Promise<void> {
    this.calls.push({ op: 'ack', directiveId, unit, at: Date.now() });
  }

  async forward(directiveId: string, unit: string, forward: Parameters<DemoActions['forward']>[2]): Promise<void> {
    this.forwards.push({
      from: unit,
      ownDeadline: this.deadlines.get(`${directiveId}/${unit}`)!,
      deadline: forward.deadline,
      recipients: forward.recipients.length,
    });
    for (const r of forward.recipients) this.deadlines.set(`${forward.directiveId}/${r.unitCode}`, forward.deadline);
    this.calls.push({ op: 'forward', directiveId, unit, at: Date.now() });
  }

  async report(directiveId: string, unit: string, _content: string, file?: DemoFile): Promise<void> {
    this.calls.push({ op: 'report', directiveId, unit, at: Date.now(), file });
  }
}

describe('DemoPlayer (shanxi-demo, 100× speed)', () => {
  it('acknowledges every unit once, forwards level by level with earlier deadlines, and reports all but the silent ones', async () => {
    const actions = new RecordingActions();
    const seen: DemoProgressSnapshot[] = [];
    const player = new DemoPlayer(actions, SHANXI_DEMO_UNITS, {
      speed: 100,
      depth: 3,
      runId: 'spec',
      onProgress: (p) => seen.push(p),
    });
    const result = await player.play('000000', '演示');

    expect(result.total).toBe(35);
    expect(result.errors).toBe(0);
    const acks = actions.calls.filter((c) => c.op === 'ack').map((c) => c.unit);
    expect(new Set(acks).size).toBe(35);
    expect(acks).toHaveLength(35);
    expect(actions.forwards.map((f) => [f.from, f.recipients]).sort()).toEqual([
      ['140000', 17],
      ['141000', 17],
    ]);
    for (const f of actions.forwards) expect(f.deadline).toBeLessThan(f.ownDeadline);

    const reports = actions.calls.filter((c) => c.op === 'report');
    expect(reports.length + result.silent).toBe(35);
    expect(result.reported).toBe(reports.length);
    const late = reports.filter((c) => c.at > actions.deadlines.get(`${c.directiveId}/${c.unit}`)!);
    expect(result.late).toBe(late.length);
    // Some units without subordinates send a file with their report; the forwarding units never do.
    const withFiles = reports.filter((c) => c.file);
    expect(withFiles.length).toBeGreaterThan(0);
    expect(withFiles.map((c) => c.unit)).not.toContain('140000');
    expect(withFiles.map((c) => c.unit)).not.toContain('141000');
    expect(withFiles[0].file!.content.toString('utf8')).toContain('情况报告');
    expect(seen.at(-1)).toMatchObject({ acknowledged: 35, delivered: 35 });
  });

  it('draws a progress line', () => {
    expect(
      formatProgress({
        total: 35,
        delivered: 35,
        acknowledged: 35,
        forwarded: 2,
        reported: 30,
        late: 3,
        silent: 1,
        errors: 0,
        elapsedMs: 65_000,
      }),
    ).toBe('[###########################...]  88% 01:05 下发 35/35 签收 35 报送 30（逾期 3） 未报 1');
  });
});

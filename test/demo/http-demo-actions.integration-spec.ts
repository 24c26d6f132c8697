import { ok } from '@cascade/api-client';
import { SHANXI_DEMO_UNITS } from '@cascade/domain/units';
import { HttpDemoActions } from '../../apps/cli/src/demo/demo-actions';
import { DemoPlayer, type DemoProgressSnapshot } from '../../apps/cli/src/demo/demo-player';
import { useApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';

/** The ministry, the province and two of its cities: a forward with more than one recipient. */
const UNITS = SHANXI_DEMO_UNITS.filter((unit) => ['000000', '140000', '141000', '140100'].includes(unit.code));

describe('cascade demo over the HTTP API (HttpDemoActions)', () => {
  const running = useApiHarness('sqlite');

  it('plays the script: every unit acknowledges and reports, the province forwards, the tree shows it', async () => {
    const actions = new HttpDemoActions(running.harness.baseUrl, (unitCode) => running.harness.token(unitCode));
    const progress: DemoProgressSnapshot[] = [];
    const player = new DemoPlayer(actions, UNITS, {
      speed: 50,
      depth: 2,
      runId: 'http',
      onProgress: (p) => progress.push(p),
    });
    const result = await player.play('000000', '演示');

    expect(result.errorSamples).toEqual([]);
    expect(result).toMatchObject({ total: 3, delivered: 3, acknowledged: 3, forwarded: 1, errors: 0 });
    expect(result.reported + result.silent).toBe(3);
    expect(progress.at(-1)).toMatchObject({ acknowledged: 3 });

    const tree = await eventually(
      () =>
        ok(
          running.harness
            .client('000000')
            .GET('/api/directives/{id}/tree', { params: { path: { id: result.rootDirectiveId } } }),
        ),
      (t) => t.nodes.length === 1 && t.nodes[0].status !== 'DELIVERED' && t.nodes[0].children.length === 2,
      30_000,
    );
    expect(tree.nodes[0]).toMatchObject({ unitCode: '140000', forwardedDirectiveId: expect.any(String) });
  });

  it('names the API’s refusal in the error', async () => {
    const actions = new HttpDemoActions(running.harness.baseUrl, (unitCode) => running.harness.token(unitCode));
    await expect(
      actions.issue({
        directiveId: 'x',
        docNumber: '演示〔2026〕1号',
        title: '演示',
        issuerUnit: '140000',
        recipients: [{ unitCode: '999999', unitName: '?' }],
        deadline: Date.now() + 86_400_000,
        policy: {},
      }),
    ).rejects.toThrow(/999999/);
  });
});

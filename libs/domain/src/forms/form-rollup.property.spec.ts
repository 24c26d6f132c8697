import fc from 'fast-check';
import type { FormValues, ReportForm } from '@cascade/contracts';
import { rollupShape, rollupTree, type RollupNode, updateRollup } from './form-rollup';

const form: ReportForm = {
  fields: [
    { key: 'activities', label: '主题活动数', type: 'integer', unit: '次' },
    { key: 'people', label: '参与人数', type: 'integer', unit: '人' },
    { key: 'funds', label: '投入资金', type: 'decimal', unit: '万元' },
  ],
};
const keys = ['activities', 'people', 'funds'] as const;

const valuesArb: fc.Arbitrary<FormValues | null> = fc.option(
  fc.record({
    activities: fc.nat(50),
    people: fc.nat(10_000),
    funds: fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100),
  }),
  { nil: null },
);

/** A random tree: node i's parent is one of the nodes before it. */
const treeArb = fc.array(fc.tuple(fc.nat(), valuesArb), { minLength: 1, maxLength: 60 }).map((specs) =>
  specs.map(([parent, values], i): RollupNode => ({
    id: `n${i}`,
    parentId: i === 0 ? null : `n${parent % i}`,
    unitName: `单位${i}`,
    values,
  })),
);

function descendants(nodes: RollupNode[], id: string): RollupNode[] {
  const below = nodes.filter((n) => n.parentId === id);
  return below.flatMap((n) => [n, ...descendants(nodes, n.id)]);
}

function ancestors(nodes: RollupNode[], id: string): string[] {
  const parent = nodes.find((n) => n.id === id)?.parentId;
  return parent ? [parent, ...ancestors(nodes, parent)] : [];
}

const sumOf = (nodes: RollupNode[], key: string) =>
  Math.round(nodes.reduce((sum, n) => sum + ((n.values?.[key] as number | undefined) ?? 0), 0) * 100) / 100;

describe('roll-up of a form over a tree', () => {
  it('every unit’s subtree total equals the sum of the own values below it', () => {
    fc.assert(
      fc.property(treeArb, (nodes) => {
        const rollup = rollupTree(form, nodes);
        for (const node of nodes) {
          const below = descendants(nodes, node.id);
          const mine = rollup.get(node.id)!;
          for (const key of keys) expect(mine.subtree[key]).toBeCloseTo(sumOf(below, key), 6);
          expect(mine.units).toBe(below.length);
          expect(mine.reported).toBe(below.filter((n) => n.values).length);
        }
      }),
    );
  });

  it('a late or returned report changes every total above it exactly once, and nothing else', () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), valuesArb, (nodes, pick, next) => {
        const changed = nodes[pick % nodes.length]!;
        const before = rollupTree(form, nodes);
        const after = rollupTree(
          form,
          nodes.map((n) => (n.id === changed.id ? { ...n, values: next } : n)),
        );
        const above = new Set(ancestors(nodes, changed.id));
        for (const node of nodes)
          for (const key of keys) {
            const delta =
              ((next?.[key] as number | undefined) ?? 0) - ((changed.values?.[key] as number | undefined) ?? 0);
            const moved = (after.get(node.id)!.subtree[key] as number) - (before.get(node.id)!.subtree[key] as number);
            expect(moved).toBeCloseTo(above.has(node.id) ? delta : 0, 6);
          }
      }),
    );
  });

  it('incremental updates after any sequence of reports, returns and re-reports equal a full recompute', () => {
    // Every kind of field: sums, decimals rounded at each step, option counts and table rows in order.
    const richForm: ReportForm = {
      fields: [
        ...form.fields,
        { key: 'level', label: '开展层级', type: 'single', options: ['市级', '县级'] },
        { key: 'kinds', label: '活动形式', type: 'multiple', options: ['讲座', '义诊'] },
        { key: 'teams', label: '服务队', type: 'table', columns: [{ key: 'name', label: '名称', type: 'text' }] },
      ],
    };
    const richValuesArb: fc.Arbitrary<FormValues | null> = fc.option(
      fc.record({
        activities: fc.nat(50),
        people: fc.nat(10_000),
        funds: fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100),
        level: fc.constantFrom('市级', '县级'),
        kinds: fc.subarray(['讲座', '义诊']),
        teams: fc.array(fc.record({ name: fc.string({ maxLength: 4 }) }), { maxLength: 3 }),
      }),
      { nil: null },
    );
    // A change: a unit's counted values become new ones (a late report or a re-report) or none (returned).
    const changeArb = fc.tuple(fc.nat(), richValuesArb);
    // Changes arrive in batches: whatever was recorded between two reads of the roll-up.
    const batchesArb = fc.array(fc.array(changeArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(treeArb, batchesArb, (tree, batches) => {
        const nodes = tree.map((n, i) => ({ ...n, unitName: `单位${i % 5}` }));
        const shape = rollupShape(nodes);
        const rollups = rollupTree(richForm, nodes);
        for (const batch of batches) {
          const changed = new Set<string>();
          for (const [pick, values] of batch) {
            const node = nodes[pick % nodes.length]!;
            shape.nodes.set(node.id, { ...shape.nodes.get(node.id)!, values });
            changed.add(node.id);
          }
          updateRollup(richForm, shape, rollups, changed);
          expect(rollups).toEqual(rollupTree(richForm, [...shape.nodes.values()]));
        }
      }),
    );
  });
});

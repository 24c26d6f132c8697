import fc from 'fast-check';
import type { FormValues, ReportForm } from '@cascade/contracts';
import { rollupTree, type RollupNode } from './form-rollup';

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
});

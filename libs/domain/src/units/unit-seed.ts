/** Level of an office in the hierarchy; `member` is a non-regional unit such as a 老龄委成员单位. */
export type UnitLevel = 'national' | 'province' | 'city' | 'county' | 'township' | 'member';

/** A unit as a preset or an import file gives it. */
export interface UnitSeed {
  code: string;
  name: string;
  parentCode: string | null;
  level: UnitLevel;
}

/**
 * A declared relation: `unitCode` may issue to `relatedCode` though it is not its superior, e.g. a
 * committee's office to the committee's member units. `kind` names it (free text, data).
 */
export interface UnitRelationSeed {
  unitCode: string;
  relatedCode: string;
  kind: string;
}

export interface PlacedUnit extends UnitSeed {
  /** Ancestry from the root, e.g. `000000/140000/141000/141002/`. */
  path: string;
}

/**
 * Computes every unit's path from its parent chain. Parents must be in the list or already
 * placed (`known`); a unit whose parent is unknown, or a cycle, is an error naming the code.
 */
export function placeUnits(seeds: readonly UnitSeed[], known: ReadonlyMap<string, string> = new Map()): PlacedUnit[] {
  const byCode = new Map(seeds.map((seed) => [seed.code, seed]));
  const paths = new Map(known);
  const resolving = new Set<string>();
  const pathOf = (code: string): string => {
    const cached = paths.get(code);
    if (cached !== undefined) return cached;
    const seed = byCode.get(code);
    if (!seed) throw new Error(`上级单位 ${code} 不存在`);
    if (resolving.has(code)) throw new Error(`单位 ${code} 的上级关系成环`);
    resolving.add(code);
    const path = `${seed.parentCode === null ? '' : pathOf(seed.parentCode)}${code}/`;
    resolving.delete(code);
    paths.set(code, path);
    return path;
  };
  return seeds.map((seed) => ({ ...seed, path: pathOf(seed.code) }));
}

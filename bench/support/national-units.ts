import { type PlacedUnit, placeUnits } from '@cascade/domain/units';
import { loadNationalUnits } from '@cascade/domain/units/national.preset';

/** The national preset in memory, with each unit's subordinates, for driving cascades. */
export interface NationalUnits {
  all: PlacedUnit[];
  byCode: Map<string, PlacedUnit>;
  children: Map<string, PlacedUnit[]>;
}

export function loadNational(): NationalUnits {
  const all = placeUnits(loadNationalUnits());
  const byCode = new Map(all.map((unit) => [unit.code, unit]));
  const children = new Map<string, PlacedUnit[]>();
  for (const unit of all) {
    if (unit.parentCode === null) continue;
    const list = children.get(unit.parentCode) ?? [];
    list.push(unit);
    children.set(unit.parentCode, list);
  }
  return { all, byCode, children };
}

export type Depth = 'county' | 'township';

/**
 * The units a cascade reaches: the ministry's recipients (the provinces, or only `provinces` when
 * given) and, level by level, every subordinate down to counties or townships.
 */
export function cascadeScope(units: NationalUnits, depth: Depth, provinces?: readonly string[]): PlacedUnit[] {
  const included = (unit: PlacedUnit) => unit.level !== 'member' && (depth === 'township' || unit.level !== 'township');
  const top = (units.children.get('000000') ?? []).filter((unit) => !provinces || provinces.includes(unit.code));
  const scope: PlacedUnit[] = [];
  const queue = [...top];
  while (queue.length) {
    const unit = queue.shift()!;
    scope.push(unit);
    for (const child of units.children.get(unit.code) ?? []) if (included(child)) queue.push(child);
  }
  return scope;
}

/** The subordinates a unit forwards to within the scope. */
export function forwardTargets(units: NationalUnits, scope: ReadonlySet<string>, code: string): PlacedUnit[] {
  return (units.children.get(code) ?? []).filter((child) => scope.has(child.code));
}

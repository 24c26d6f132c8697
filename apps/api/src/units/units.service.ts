import { Injectable } from '@nestjs/common';
import { UnitsRepository } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import type { UnitChildDto, UnitNameDto } from './units.dto';

/** Unit codes a request may name at once when asking for names. */
const NAMES_MAX = 200;

/** What the dashboard reads about units: names by code, and the subordinates a forward pre-fills. */
@Injectable()
export class UnitsService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly units: UnitsRepository,
  ) {}

  /** Names of the registered units among comma-separated codes (organisation names are not confidential). */
  async names(codes: string): Promise<UnitNameDto[]> {
    const wanted = codes
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean)
      .slice(0, NAMES_MAX);
    const units = await this.units.byCodes(wanted);
    return [...units.values()].map((unit) => ({ code: unit.code, name: unit.name }));
  }

  /** Direct subordinates of a unit whose inbox the caller may open (its own, or under a supervisor). */
  async children(caller: Caller, code: string): Promise<UnitChildDto[]> {
    const unit = await this.access.inboxUnit(caller, code);
    const children = await this.units.childrenWithDescent(unit.code);
    return children.map(({ unit: child, hasChildren }) => ({
      code: child.code,
      name: child.name,
      level: child.level,
      hasChildren,
    }));
  }
}

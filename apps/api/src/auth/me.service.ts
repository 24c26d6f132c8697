import { Injectable } from '@nestjs/common';
import { PeopleRepository, type PersonEntity, ROLE_NAMES, UnitsRepository } from '@cascade/persistence';
import type { Caller } from './caller';
import type { MeDto } from './me.dto';

/** Who the caller is, as the dashboard's header shows it: 姓名 · 单位 · 角色. */
@Injectable()
export class MeService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly people: PeopleRepository,
  ) {}

  async ofCaller(caller: Caller): Promise<MeDto> {
    const person = caller.person ? await this.people.findById(caller.person.id) : null;
    return this.describe(caller.unitCode, caller.role, person);
  }

  ofPerson(person: PersonEntity): Promise<MeDto> {
    return this.describe(person.unitCode, person.role, person);
  }

  private async describe(unitCode: string, role: Caller['role'], person: PersonEntity | null): Promise<MeDto> {
    const unit = await this.units.findByCode(unitCode);
    return {
      unitCode,
      unitName: unit?.name ?? unitCode,
      unitLevel: unit?.level ?? null,
      role,
      roleName: ROLE_NAMES[role],
      name: person?.name ?? null,
      login: person?.login ?? null,
    };
  }
}

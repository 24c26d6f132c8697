import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Recipient } from '@cascade/contracts';
import { type UnitEntity, UnitsRepository } from '@cascade/persistence';
import { UnknownUnitsException } from '../common/unknown-units.exception';

/** Turns unit codes of a request into registered units; unknown codes are a 422 naming them. */
@Injectable()
export class UnitRegistry {
  constructor(private readonly units: UnitsRepository) {}

  async find(code: string): Promise<UnitEntity | undefined> {
    return (await this.units.findByCode(code)) ?? undefined;
  }

  /** Recipients with their registered names, in the order given; `sender` may not be one of them. */
  async recipients(codes: readonly string[], sender: string): Promise<Recipient[]> {
    const units = await this.units.byCodes([...codes, sender]);
    const unknown = [...codes, sender].filter((code, i, all) => !units.has(code) && all.indexOf(code) === i);
    if (unknown.length) throw new UnknownUnitsException(unknown);
    if (codes.includes(sender)) throw new UnprocessableEntityException(`不能发给本单位（${sender}）`);
    return codes.map((code) => ({ unitCode: code, unitName: units.get(code)!.name }));
  }
}

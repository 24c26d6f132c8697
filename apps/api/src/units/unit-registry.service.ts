import { ForbiddenException, HttpStatus, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Recipient } from '@cascade/contracts';
import { issueProblem } from '@cascade/domain/units';
import { type UnitEntity, UnitsRepository } from '@cascade/persistence';
import { UnknownUnitsException } from '../common/unknown-units.exception';

/** Turns unit codes of a request into registered units; unknown codes are a 422 naming them. */
@Injectable()
export class UnitRegistry {
  constructor(private readonly units: UnitsRepository) {}

  async find(code: string): Promise<UnitEntity | undefined> {
    return (await this.units.findByCode(code)) ?? undefined;
  }

  /**
   * Recipients with their registered names, in the order given. `sender` issues only to the units
   * of its own subtree and to those it declared a relation with (403 naming the first other one).
   */
  async recipients(codes: readonly string[], sender: string): Promise<Recipient[]> {
    const units = await this.units.byCodes([...codes, sender]);
    const unknown = [...codes, sender].filter((code, i, all) => !units.has(code) && all.indexOf(code) === i);
    if (unknown.length) throw new UnknownUnitsException(unknown);
    if (codes.includes(sender)) throw new UnprocessableEntityException(`不能发给本单位（${sender}）`);
    const issuer = units.get(sender)!;
    const relations = await this.units.relationsFrom(
      sender,
      codes.filter((code) => !units.get(code)!.path.startsWith(issuer.path)),
    );
    for (const code of codes) {
      const problem = issueProblem(issuer, units.get(code)!, relations.get(code));
      if (problem)
        throw new ForbiddenException({ statusCode: HttpStatus.FORBIDDEN, code: 'NOT_SUBORDINATE', message: problem });
    }
    return codes.map((code) => ({ unitCode: code, unitName: units.get(code)!.name }));
  }
}

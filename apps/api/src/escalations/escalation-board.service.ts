import { Injectable } from '@nestjs/common';
import {
  AssignmentsRepository,
  DirectivesRepository,
  EscalationsRepository,
  UnitsRepository,
} from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { toIso } from '../common/instants';
import type { BoardItemDto, EscalationBoardDto, EscalationBoardQueryDto } from './escalation.dto';

/** The board shows at most this many open escalations (most overdue first). */
const BOARD_LIMIT = 200;

/** The 督办 board: open escalations in the caller's reach, most overdue first, with what the board shows of each. */
@Injectable()
export class EscalationBoardService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly escalations: EscalationsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly directives: DirectivesRepository,
    private readonly units: UnitsRepository,
  ) {}

  async board(caller: Caller, query: EscalationBoardQueryDto): Promise<EscalationBoardDto> {
    const scope = await this.access.escalationScope(caller, query.under);
    const page = await this.escalations.list({
      ...scope,
      openOnly: true,
      directiveId: query.directive,
      limit: BOARD_LIMIT,
      offset: 0,
    });
    const escalations = query.level ? page.items.filter((e) => e.level === query.level) : page.items;
    const [assignments, directives] = await Promise.all([
      this.assignments.byIds(escalations.map((e) => e.assignmentId)),
      this.directives.byIds(escalations.map((e) => e.directiveId)),
    ]);
    const regionOf = (unitPath: string, unitCode: string) => {
      const below = unitPath.startsWith(caller.unitPath) ? unitPath.slice(caller.unitPath.length) : '';
      return below.split('/').find(Boolean) ?? unitCode;
    };
    const items: BoardItemDto[] = escalations.map((e) => {
      const assignment = assignments.get(e.assignmentId);
      const directive = directives.get(e.directiveId);
      const issuerUnit = assignment?.issuerUnit ?? directive?.issuerUnit ?? '';
      return {
        id: e.id,
        assignmentId: e.assignmentId,
        directiveId: e.directiveId,
        docNumber: directive?.docNumber ?? '',
        title: directive?.title ?? '',
        unitCode: e.unitCode,
        unitName: e.unitName,
        regionCode: regionOf(assignment?.unitPath ?? '', e.unitCode),
        issuerUnit,
        level: e.level,
        assignmentLevel: assignment?.escalationLevel ?? e.level,
        reason: e.reason,
        status: assignment?.status ?? 'DELIVERED',
        deadline: toIso(assignment?.deadline ?? e.firedAt),
        firedAt: toIso(e.firedAt),
        canUrge: caller.role === 'supervisor' || caller.role === 'admin' || issuerUnit === caller.unitCode,
      };
    });
    const regions = await this.units.childrenOf(caller.unitCode);
    return { items, total: page.total, regions: regions.map((r) => ({ code: r.code, name: r.name })) };
  }
}

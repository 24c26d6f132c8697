import { Injectable } from '@nestjs/common';
import type { FormValues } from '@cascade/contracts';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { FormRollupService } from './form-rollup.service';
import type { AssignmentFormDto, DirectiveRollupDto } from './form.dto';

const ALL_LEVELS = 8;

/** Reads of 填报表 and 汇总: the access rules decide what the caller sees, FormRollupService sums it. */
@Injectable()
export class FormsService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly rollups: FormRollupService,
  ) {}

  async assignmentForm(caller: Caller, id: string): Promise<AssignmentFormDto> {
    const row = await this.access.readableAssignment(caller, id);
    const form = await this.rollups.formOf(row);
    const subtreeForm = row.forwardedDirectiveId ? await this.rollups.subtreeFormOf(row) : null;
    const below = subtreeForm ? await this.rollups.subtreeOf(row, subtreeForm) : null;
    return {
      assignmentId: row.id,
      form,
      values: (await this.rollups.ownValues(row)) as FormValues | null,
      subtreeForm,
      subtreeTotals: below?.subtree ?? null,
      units: below?.units ?? 0,
      reportedUnits: below?.reported ?? 0,
    };
  }

  async directiveRollup(caller: Caller, id: string, depth = ALL_LEVELS): Promise<DirectiveRollupDto> {
    const { directive, view } = await this.access.readableDirective(caller, id);
    const rollup = await this.rollups.directiveRollup(directive, view, depth);
    return {
      directiveId: directive.id,
      form: rollup?.form ?? null,
      total: rollup?.total ?? null,
      units: (rollup?.rows ?? []).map(({ row, level, report, rollup: r, shortfall }) => ({
        assignmentId: row.id,
        parentAssignmentId: row.parentAssignmentId,
        unitCode: row.unitCode,
        unitName: row.unitName,
        level,
        status: row.status,
        reported: report !== null,
        values: r.own,
        subtreeTotals: r.subtree,
        units: r.units,
        reportedUnits: r.reported,
        explanation: report?.explanation ?? null,
        quotaShortfall: shortfall,
      })),
    };
  }
}

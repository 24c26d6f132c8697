import { Injectable, NotFoundException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { formatShanghai } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { FormRollupService } from '../forms/form-rollup.service';
import { UnitRegistry } from '../units/unit-registry.service';
import { rollupCsv, rollupXlsx } from './rollup-export';
import { rollupColumns, rollupTableRows } from './rollup-table';

const ALL_LEVELS = 8;

export interface RollupFile {
  filename: string;
  contentType: string;
  content: Readable;
}

/** The 汇总表 of a directive's 填报表: every unit the caller may see at every level, with subtotals and the total. */
@Injectable()
export class RollupExportService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly rollups: FormRollupService,
    private readonly units: UnitRegistry,
  ) {}

  async file(caller: Caller, directiveId: string, format: 'csv' | 'xlsx'): Promise<RollupFile> {
    const { directive, view } = await this.access.readableDirective(caller, directiveId);
    const rollup = await this.rollups.directiveRollup(directive, view, ALL_LEVELS);
    if (!rollup) throw new NotFoundException('该公文没有填报表，无汇总表');
    const heading = {
      docNumber: directive.docNumber,
      title: directive.title,
      preparedBy: (await this.units.find(caller.unitCode))?.name ?? caller.unitCode,
      preparedAt: formatShanghai(Date.now()),
      deadline: formatShanghai(directive.deadline),
    };
    const rows = rollupTableRows(
      heading,
      rollup.form,
      rollup.rows.map(({ row, level, report, rollup: r, shortfall }) => ({
        unitName: row.unitName,
        level,
        reported: report !== null,
        shortfall,
        values: r.own,
        subtree: r.subtree,
      })),
      rollup.total,
    );
    const base = `${directive.docNumber.replace(/[\\/:*?"<>|\s]+/g, '_')}-填报汇总表`;
    return format === 'csv'
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: rollupCsv(rows) }
      : {
          filename: `${base}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          content: rollupXlsx(rows, rollupColumns(rollup.form).length),
        };
  }
}

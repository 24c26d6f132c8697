import { Injectable } from '@nestjs/common';
import { Workbook } from 'exceljs';
import { AssignmentsRepository, type DirectiveEntity, ReportsRepository } from '@cascade/persistence';
import type { TreeView } from '../auth/access-rules';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { SUMMARY_COLUMNS, summaryRows, toCsv } from './summary-table';

export interface SummaryFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export const inView = (view: TreeView) => (row: { unitCode: string; unitPath: string }) =>
  view.kind === 'all' || (view.kind === 'own' ? row.unitCode === view.unitCode : row.unitPath.startsWith(view.path));

/** The 汇总表 of a directive: one row per recipient unit the caller may see, as CSV or xlsx. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly assignments: AssignmentsRepository,
    private readonly reports: ReportsRepository,
  ) {}

  private async table(caller: Caller, directiveId: string): Promise<{ directive: DirectiveEntity; rows: string[][] }> {
    const { directive, view } = await this.access.readableDirective(caller, directiveId);
    const [assignments, reports] = await Promise.all([
      this.assignments.byDirective(directive.id),
      this.reports.latestByDirective(directive.id),
    ]);
    const rows = summaryRows(
      assignments.filter(inView(view)).map((a) => ({ ...a, report: reports.get(a.id) ?? null })),
    );
    return { directive, rows };
  }

  private filename(directive: DirectiveEntity, extension: string): string {
    return `${directive.docNumber.replace(/[\\/:*?"<>|\s]+/g, '_')}-汇总表.${extension}`;
  }

  async csv(caller: Caller, directiveId: string): Promise<SummaryFile> {
    const { directive, rows } = await this.table(caller, directiveId);
    return {
      filename: this.filename(directive, 'csv'),
      contentType: 'text/csv; charset=utf-8',
      content: Buffer.from(toCsv([[...SUMMARY_COLUMNS], ...rows]), 'utf8'),
    };
  }

  async xlsx(caller: Caller, directiveId: string): Promise<SummaryFile> {
    const { directive, rows } = await this.table(caller, directiveId);
    return {
      filename: this.filename(directive, 'xlsx'),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: await summaryWorkbook(rows),
    };
  }
}

/** The 汇总表 as an Excel workbook (sheet 汇总表). */
export async function summaryWorkbook(rows: string[][]): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Cascade';
  const sheet = workbook.addWorksheet('汇总表');
  sheet.columns = SUMMARY_COLUMNS.map((header, i) => ({ header, width: [28, 10, 18, 18, 10, 60][i] }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRows(rows);
  sheet.getColumn(6).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

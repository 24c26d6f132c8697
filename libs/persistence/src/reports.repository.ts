import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { FileRef, FormValues } from '@cascade/contracts';
import { AssignmentEntity } from './entities/assignment.entity';
import { FileAttachmentEntity } from './entities/file-attachment.entity';
import { ReportEntity } from './entities/report.entity';
import { StoredFileEntity } from './entities/stored-file.entity';
import { fileRefOf } from './files.repository';
import { selectFields } from './select-fields';

/** SQLite and MySQL both take this many bound parameters in one IN list comfortably. */
const IN_CHUNK = 500;

/**
 * Each assignment's report that counts: versions come oldest first, the newest one decides, and a
 * returned one counts for nothing.
 */
export function countedReports<R extends Pick<ReportEntity, 'assignmentId' | 'status'>>(
  versions: readonly R[],
): Map<string, R> {
  const counted = new Map<string, R>();
  for (const report of versions)
    if (report.status === 'RETURNED') counted.delete(report.assignmentId);
    else counted.set(report.assignmentId, report);
  return counted;
}

/** What 逐级汇总 needs of a report version: which one counts, its figures and its 说明. */
const REPORT_FIGURE_FIELDS = [
  'id',
  'assignmentId',
  'version',
  'status',
  'values',
  'explanation',
] as const satisfies ReadonlyArray<keyof ReportEntity>;
export type ReportFigures = Pick<ReportEntity, (typeof REPORT_FIGURE_FIELDS)[number]>;

/** Each assignment's figures in its report that counts (see countedReports). */
export function countedValues(versions: readonly ReportFigures[]): Map<string, FormValues> {
  return new Map([...countedReports(versions)].map(([id, report]) => [id, report.values as FormValues]));
}

/** Reads 报送材料 rows; they are written only by the EventProjector. */
@Injectable()
export class ReportsRepository {
  private readonly reports: Repository<ReportEntity>;
  private readonly attachments: Repository<FileAttachmentEntity>;
  private readonly files: Repository<StoredFileEntity>;

  constructor(dataSource: DataSource) {
    this.reports = dataSource.getRepository(ReportEntity);
    this.attachments = dataSource.getRepository(FileAttachmentEntity);
    this.files = dataSource.getRepository(StoredFileEntity);
  }

  /** The newest report version of every assignment of a directive, by assignment id. */
  async latestByDirective(directiveId: string): Promise<Map<string, ReportEntity>> {
    const reports = await this.reports.find({ where: { directiveId }, order: { version: 'ASC' } });
    return new Map(reports.map((report) => [report.assignmentId, report]));
  }

  /** The figures of every report version anywhere under a top-level directive, by assignment, oldest version first. */
  figuresByRootDirective(rootDirectiveId: string): Promise<ReportFigures[]> {
    // One join instead of an IN list per 500 assignments: a township-scale cascade has ~45,000.
    return selectFields(
      this.figures()
        .innerJoin(AssignmentEntity, 'a', 'a.id = r.assignmentId')
        .where('a.rootDirectiveId = :rootDirectiveId', { rootDirectiveId }),
      'r',
      REPORT_FIGURE_FIELDS,
    );
  }

  /** The figures of every version of every report on these assignments, oldest version first. */
  async figuresByAssignments(assignmentIds: readonly string[]): Promise<ReportFigures[]> {
    const rows: ReportFigures[] = [];
    for (let i = 0; i < assignmentIds.length; i += IN_CHUNK) {
      const ids = assignmentIds.slice(i, i + IN_CHUNK);
      rows.push(
        ...(await selectFields(
          this.figures().where('r.assignmentId IN (:...ids)', { ids }),
          'r',
          REPORT_FIGURE_FIELDS,
        )),
      );
    }
    return rows;
  }

  private figures() {
    return this.reports.createQueryBuilder('r').orderBy('r.assignmentId', 'ASC').addOrderBy('r.version', 'ASC');
  }

  /** Every version of every report on these assignments, oldest version first. */
  async byAssignments(assignmentIds: readonly string[]): Promise<ReportEntity[]> {
    const rows: ReportEntity[] = [];
    for (let i = 0; i < assignmentIds.length; i += IN_CHUNK) {
      rows.push(
        ...(await this.reports.find({
          where: { assignmentId: In(assignmentIds.slice(i, i + IN_CHUNK)) },
          order: { assignmentId: 'ASC', version: 'ASC' },
        })),
      );
    }
    return rows;
  }

  /** The files of each of these report versions, in the order they were submitted. */
  async filesOf(reportIds: readonly string[]): Promise<Map<string, FileRef[]>> {
    const result = new Map<string, FileRef[]>();
    for (let i = 0; i < reportIds.length; i += IN_CHUNK) {
      const links = await this.attachments.find({
        where: { role: 'REPORT', reportId: In(reportIds.slice(i, i + IN_CHUNK)) },
        order: { position: 'ASC' },
      });
      if (links.length === 0) continue;
      const files = new Map(
        (await this.files.findBy({ id: In([...new Set(links.map((l) => l.fileId))]) })).map((f) => [f.id, f]),
      );
      for (const link of links) {
        const file = files.get(link.fileId);
        if (!file || !link.reportId) continue;
        result.set(link.reportId, [...(result.get(link.reportId) ?? []), fileRefOf(file)]);
      }
    }
    return result;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { ReportEntity } from './entities/report.entity';

/** Reads 报送材料 rows; they are written only by the EventProjector. */
@Injectable()
export class ReportsRepository {
  private readonly reports: Repository<ReportEntity>;

  constructor(dataSource: DataSource) {
    this.reports = dataSource.getRepository(ReportEntity);
  }

  findById(id: string): Promise<ReportEntity | null> {
    return this.reports.findOneBy({ id });
  }

  /** Every version a unit submitted on an assignment, oldest first. */
  byAssignment(assignmentId: string): Promise<ReportEntity[]> {
    return this.reports.find({ where: { assignmentId }, order: { version: 'ASC', submittedAt: 'ASC' } });
  }
}

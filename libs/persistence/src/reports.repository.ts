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

  /** The newest report version of every assignment of a directive, by assignment id. */
  async latestByDirective(directiveId: string): Promise<Map<string, ReportEntity>> {
    const reports = await this.reports.find({ where: { directiveId }, order: { version: 'ASC' } });
    return new Map(reports.map((report) => [report.assignmentId, report]));
  }
}

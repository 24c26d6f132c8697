import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { ExtensionRequestEntity } from './entities/extension-request.entity';

/** Reads 延期申请 rows; they are written only by the EventProjector. */
@Injectable()
export class ExtensionRequestsRepository {
  private readonly requests: Repository<ExtensionRequestEntity>;

  constructor(dataSource: DataSource) {
    this.requests = dataSource.getRepository(ExtensionRequestEntity);
  }

  findById(id: string): Promise<ExtensionRequestEntity | null> {
    return this.requests.findOneBy({ id });
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { ExtensionRequestEntity, type ExtensionRequestStatus } from './entities/extension-request.entity';

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

  /** The requests a unit decides (as the issuer), optionally of one directive and in one status; oldest first. */
  forIssuer(issuerUnit: string, filter: { directiveId?: string; status?: ExtensionRequestStatus }) {
    return this.requests.find({
      where: {
        issuerUnit,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.directiveId ? { directiveId: filter.directiveId } : {}),
      },
      order: { requestedAt: 'ASC', id: 'ASC' },
      take: 500,
    });
  }
}

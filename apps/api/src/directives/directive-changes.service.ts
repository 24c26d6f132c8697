import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { type UpdateDefinition, WorkflowNotFoundError } from '@temporalio/common';
import {
  type Actor,
  type AmendmentChanges,
  amendDirectiveUpdate,
  amendForwardUpdate,
  withdrawDirectiveUpdate,
  withdrawForwardUpdate,
  workflowIds,
  SERIES_DEADLINE_FIXED,
} from '@cascade/contracts';
import type { DirectiveEntity } from '@cascade/persistence';
import { executeUpdate } from '@cascade/temporal';
import { AccessPolicy } from '../auth/access-policy.service';
import { actorOf, type Caller } from '../auth/caller';
import { DocumentFilesService } from '../documents/document-files.service';
import { RecurrenceSchedulesService } from '../recurrence/recurrence-schedules.service';
import type { AmendDto, WithdrawDto } from './directive.dto';

/**
 * Withdrawal (撤回) and amendment (更正) of a directive. A top-level directive is its own
 * workflow; a forward is held by the forwarding unit's assignment, which receives the Update.
 */
@Injectable()
export class DirectiveChangesService {
  constructor(
    private readonly client: Client,
    private readonly access: AccessPolicy,
    private readonly documentFiles: DocumentFilesService,
    private readonly recurrences: RecurrenceSchedulesService,
  ) {}

  private async issuedBy(caller: Caller, id: string): Promise<{ directive: DirectiveEntity; actor: Actor }> {
    const { directive } = await this.access.readableDirective(caller, id);
    this.access.assertCanIssue(caller, directive.issuerUnit);
    return { directive, actor: { ...actorOf(caller), unitCode: directive.issuerUnit } };
  }

  async withdraw(caller: Caller, id: string, dto: WithdrawDto): Promise<{ withdrawn: string[] }> {
    const { directive, actor } = await this.issuedBy(caller, id);
    const request = { actor, reason: dto.reason, units: dto.units ?? null };
    // No period may start after the withdrawal; a failed Update below leaves nothing scheduled either.
    if (directive.recurrence && !dto.units?.length) await this.recurrences.remove(directive.id);
    if (directive.parentAssignmentId)
      return this.change(directive, directive.parentAssignmentId, withdrawForwardUpdate, request);
    return this.change(directive, workflowIds.directive(directive.id), withdrawDirectiveUpdate, request);
  }

  async amend(caller: Caller, id: string, dto: AmendDto): Promise<{ version: number }> {
    const { directive, actor } = await this.issuedBy(caller, id);
    if (directive.recurrence && dto.deadline !== undefined)
      throw new UnprocessableEntityException({ code: 'INVALID_REQUEST', message: SERIES_DEADLINE_FIXED });
    const changes: AmendmentChanges = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.body !== undefined) changes.body = dto.body;
    if (dto.deadline !== undefined) changes.deadline = Date.parse(dto.deadline);
    if (dto.obligations !== undefined) changes.obligations = dto.obligations;
    const documents = await this.documentFiles.documents(caller, directive.issuerUnit, dto.documents);
    if (documents !== undefined) changes.documents = documents;
    const request = { actor, changes, note: dto.note };
    if (directive.parentAssignmentId)
      return this.change(directive, directive.parentAssignmentId, amendForwardUpdate, request);
    return this.change(directive, workflowIds.directive(directive.id), amendDirectiveUpdate, request);
  }

  /** A directive the read model knows whose workflow has ended (all withdrawn or done) is a state conflict. */
  private async change<Res, Req>(
    directive: DirectiveEntity,
    workflowId: string,
    update: UpdateDefinition<Res, [Req]>,
    request: Req,
  ): Promise<Res> {
    try {
      return await executeUpdate(this.client, workflowId, update, request);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        throw new ConflictException({
          code: 'CLOSED',
          message: `公文 ${directive.docNumber} 已撤回或已办结，不能再撤回或更正`,
        });
      throw error;
    }
  }
}

import { ConflictException, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  acceptUpdate,
  acknowledgeAmendmentUpdate,
  acknowledgeUpdate,
  type Actor,
  type AssignmentState,
  forwardUpdate,
  requestExtensionUpdate,
  returnReportUpdate,
  submitReportUpdate,
  urgeUpdate,
} from '@cascade/contracts';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/persistence';
import type { AssignmentOperation } from '../access/access-rules';
import { AccessPolicy } from '../access/access-policy.service';
import type { Caller } from '../auth/caller';
import { UnitRegistry } from '../units/unit-registry.service';
import type { ExtensionRequestDto, ReturnDto, UrgeDto } from '../changes/change.dto';
import type { AssignmentStateDto, ForwardDto, ReportDto } from './assignment.dto';
import { toAssignmentStateDto } from './assignment-state.view';

/**
 * Operations on an assignment are Updates of its workflow (DESIGN.md, Temporal rule 4): the
 * AccessPolicy decides who may ask, the workflow's validators decide whether it may happen now
 * (their reason becomes a 409 in ApiExceptionFilter).
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly client: Client,
    private readonly access: AccessPolicy,
    private readonly units: UnitRegistry,
  ) {}

  /** Sends one Update to the assignment's workflow once the AccessPolicy allows the caller to ask. */
  async operate(caller: Caller, id: string, operation: AssignmentOperation, send: (actor: Actor, id: string) => Promise<AssignmentState>): Promise<AssignmentStateDto> {
    const row = await this.access.assignmentForOperation(caller, id, operation);
    try {
      return toAssignmentStateDto(await send({ unitCode: caller.unitCode, role: caller.role }, row.id));
    } catch (error) {
      // The read model knows it, so its workflow has finished (办结 or 撤回): nothing more can happen.
      if (error instanceof WorkflowNotFoundError) {
        throw new ConflictException(`该承办任务已结束（${ASSIGNMENT_STATUS_LABELS[row.status]}），不能再办理`);
      }
      throw error;
    }
  }

  private handle(id: string) {
    return this.client.workflow.getHandle(id);
  }

  acknowledge(caller: Caller, id: string): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'acknowledge', (actor) => this.handle(id).executeUpdate(acknowledgeUpdate, { args: [{ actor }] }));
  }

  forward(caller: Caller, id: string, dto: ForwardDto): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'forward', async (actor) => {
      const recipients = await this.units.recipients(dto.recipients, caller.unitCode);
      const request = {
        actor,
        directiveId: dto.directiveId,
        docNumber: dto.docNumber,
        title: dto.title,
        body: dto.body,
        recipients,
        deadline: Date.parse(dto.deadline),
        obligations: dto.obligations,
        policy: dto.policy ? { ...dto.policy } : undefined,
      };
      return this.handle(id).executeUpdate(forwardUpdate, { args: [request] });
    });
  }

  report(caller: Caller, id: string, dto: ReportDto): Promise<AssignmentStateDto> {
    const attachments = dto.attachments?.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) }));
    return this.operate(caller, id, 'report', (actor) =>
      this.handle(id).executeUpdate(submitReportUpdate, { args: [{ actor, content: dto.content, zeroReport: dto.zeroReport, attachments }] }),
    );
  }

  accept(caller: Caller, id: string): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'accept', (actor) => this.handle(id).executeUpdate(acceptUpdate, { args: [{ actor }] }));
  }

  returnReport(caller: Caller, id: string, dto: ReturnDto): Promise<AssignmentStateDto> {
    const newDeadline = dto.newDeadline ? Date.parse(dto.newDeadline) : null;
    return this.operate(caller, id, 'return', (actor) => this.handle(id).executeUpdate(returnReportUpdate, { args: [{ actor, reason: dto.reason, newDeadline }] }));
  }

  requestExtension(caller: Caller, id: string, dto: ExtensionRequestDto): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'requestExtension', (actor) =>
      this.handle(id).executeUpdate(requestExtensionUpdate, { args: [{ actor, newDeadline: Date.parse(dto.newDeadline), reason: dto.reason }] }),
    );
  }

  urge(caller: Caller, id: string, dto: UrgeDto): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'urge', (actor) => this.handle(id).executeUpdate(urgeUpdate, { args: [{ actor, note: dto.note ?? null }] }));
  }

  acknowledgeAmendment(caller: Caller, id: string, version: number): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'acknowledgeAmendment', (actor) => this.handle(id).executeUpdate(acknowledgeAmendmentUpdate, { args: [{ actor, version }] }));
  }
}

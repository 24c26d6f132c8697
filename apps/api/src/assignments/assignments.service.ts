import { ConflictException, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { type UpdateDefinition, WorkflowNotFoundError } from '@temporalio/common';
import {
  acceptUpdate,
  acknowledgeAmendmentUpdate,
  acknowledgeUpdate,
  type Actor,
  type AssignmentState,
  type FormValues,
  type ReportForm,
  forwardUpdate,
  requestExtensionUpdate,
  returnReportUpdate,
  submitReportUpdate,
  urgeUpdate,
} from '@cascade/contracts';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';
import { type AssignmentEntity, AssignmentsRepository, DirectivesRepository } from '@cascade/persistence';
import { forwardForm } from '@cascade/domain';
import { executeUpdate } from '@cascade/temporal';
import type { AssignmentOperation } from '../auth/access-rules';
import { AccessPolicy } from '../auth/access-policy.service';
import { actorOf, type Caller } from '../auth/caller';
import { DocumentFilesService } from '../documents/document-files.service';
import { UnitRegistry } from '../units/unit-registry.service';
import { assertNoFormProblems } from '../forms/form-errors';
import { FormRollupService } from '../forms/form-rollup.service';
import { QuotaShortfallService } from '../recurrence/quota-shortfall.service';
import { checkReportFigures } from '../forms/report-values';
import type {
  AssignmentStateDto,
  ExtensionRequestDto,
  ForwardDto,
  ReportDto,
  ReturnDto,
  UrgeDto,
} from './assignment.dto';
import { toAssignmentStateDto } from './assignment-state.view';

/**
 * Operations on an assignment are Updates of its workflow: the
 * AccessPolicy decides who may ask, the workflow's validators decide whether it may happen now
 * (their reason becomes a 409 in ApiExceptionFilter).
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly client: Client,
    private readonly access: AccessPolicy,
    private readonly units: UnitRegistry,
    private readonly assignments: AssignmentsRepository,
    private readonly documentFiles: DocumentFilesService,
    private readonly directives: DirectivesRepository,
    private readonly rollups: FormRollupService,
    private readonly quotas: QuotaShortfallService,
  ) {}

  /**
   * The deadline the issuing unit itself owes one level up (its own assignment's), which a deadline
   * it sets or approves for `row` may not pass; null when the issuer issued at the top.
   */
  async issuerDeadline(row: AssignmentEntity): Promise<number | null> {
    if (!row.parentAssignmentId) return null;
    return (await this.assignments.findById(row.parentAssignmentId))?.deadline ?? null;
  }

  /**
   * Sends one Update to the assignment's workflow once the AccessPolicy allows the caller to ask; the
   * request is built only then (it may look units up). Within a keyed request the Update id is the key's.
   */
  async operate<Req>(
    caller: Caller,
    id: string,
    operation: AssignmentOperation,
    update: UpdateDefinition<AssignmentState, [Req]>,
    request: (actor: Actor, row: AssignmentEntity) => Req | Promise<Req>,
  ): Promise<AssignmentStateDto> {
    const row = await this.access.assignmentForOperation(caller, id, operation);
    const actor: Actor = actorOf(caller);
    try {
      return toAssignmentStateDto(await executeUpdate(this.client, row.id, update, await request(actor, row)));
    } catch (error) {
      // The read model knows it, so its workflow has finished (办结 or 撤回): nothing more can happen.
      if (error instanceof WorkflowNotFoundError) {
        throw new ConflictException(`该承办任务已结束（${ASSIGNMENT_STATUS_LABELS[row.status]}），不能再办理`);
      }
      throw error;
    }
  }

  acknowledge(caller: Caller, id: string): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'acknowledge', acknowledgeUpdate, (actor) => ({ actor }));
  }

  forward(caller: Caller, id: string, dto: ForwardDto): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'forward', forwardUpdate, async (actor, row) => ({
      actor,
      ...(await this.forwardedForm(row, dto.form, caller.unitCode)),
      directiveId: dto.directiveId,
      docNumber: dto.docNumber,
      title: dto.title,
      body: dto.body,
      recipients: await this.units.recipients(dto.recipients, caller.unitCode),
      deadline: Date.parse(dto.deadline),
      obligations: dto.obligations,
      policy: dto.policy ? { ...dto.policy } : undefined,
      documents: await this.documentFiles.documents(caller, caller.unitCode, dto.documents),
    }));
  }

  /** The forward's 填报表: the upstream one with the unit's own fields added; 422 names a removed or changed field. */
  private async forwardedForm(
    row: AssignmentEntity,
    proposed: ReportForm | undefined,
    unitCode: string,
  ): Promise<{ form?: ReportForm }> {
    const upstream = (await this.directives.findById(row.directiveId))?.form ?? null;
    const { form, problems } = forwardForm(upstream, proposed, unitCode);
    assertNoFormProblems(problems, '转发的填报表有误');
    return form ? { form } : {};
  }

  report(caller: Caller, id: string, dto: ReportDto): Promise<AssignmentStateDto> {
    const attachments = dto.attachments?.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) }));
    return this.operate(caller, id, 'report', submitReportUpdate, async (actor, row) => ({
      actor,
      content: dto.content,
      zeroReport: dto.zeroReport,
      attachments,
      files: await this.documentFiles.reportFiles(caller, caller.unitCode, dto.fileIds),
      ...(await this.reportFigures(row, dto)),
    }));
  }

  /** The form values of a 报送, checked; 422 names each wrong field. */
  private async reportFigures(
    row: AssignmentEntity,
    dto: ReportDto,
  ): Promise<{ values?: FormValues; totals?: FormValues; explanation?: string }> {
    const form = await this.rollups.formOf(row);
    const computed = form && row.forwardedDirectiveId ? (await this.rollups.subtreeOf(row, form)).subtree : null;
    const { values, problems } = checkReportFigures(form, dto, computed);
    assertNoFormProblems(problems, '填报数据有误');
    return {
      ...(values ? { values } : {}),
      ...(dto.totals ? { totals: dto.totals } : {}),
      ...(dto.explanation?.trim() ? { explanation: dto.explanation.trim() } : {}),
    };
  }

  accept(caller: Caller, id: string): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'accept', acceptUpdate, (actor) => ({ actor }));
  }

  returnReport(caller: Caller, id: string, dto: ReturnDto): Promise<AssignmentStateDto> {
    const newDeadline = dto.newDeadline ? Date.parse(dto.newDeadline) : null;
    return this.operate(caller, id, 'return', returnReportUpdate, async (actor, row) => ({
      actor,
      reason: dto.reason,
      newDeadline,
      issuerDeadline: await this.issuerDeadline(row),
    }));
  }

  requestExtension(caller: Caller, id: string, dto: ExtensionRequestDto): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'requestExtension', requestExtensionUpdate, async (actor, row) => ({
      actor,
      newDeadline: Date.parse(dto.newDeadline),
      reason: dto.reason,
      issuerDeadline: await this.issuerDeadline(row),
    }));
  }

  urge(caller: Caller, id: string, dto: UrgeDto): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'urge', urgeUpdate, async (actor, row) => {
      // A report below the period's quota does not end the duty: the urge says which figures fall short.
      const shortfall = row.status === 'REPORTED' ? await this.quotas.shortfall(row) : null;
      if (!shortfall) return { actor, note: dto.note ?? null };
      return { actor, note: dto.note ? `${shortfall}。${dto.note}` : shortfall, belowQuota: true };
    });
  }

  acknowledgeAmendment(caller: Caller, id: string, version: number): Promise<AssignmentStateDto> {
    return this.operate(caller, id, 'acknowledgeAmendment', acknowledgeAmendmentUpdate, (actor) => ({
      actor,
      version,
    }));
  }
}

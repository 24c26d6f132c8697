import { HttpStatus, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { directiveStart, type DirectiveWorkflowInput, workflowIds } from '@cascade/contracts';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { deadlineProblem } from '@cascade/domain/deadlines/deadline-rules';
import { formDefinitionProblems, recurrenceProblems } from '@cascade/domain';
import {
  AssignmentsRepository,
  type DirectiveEntity,
  type DirectiveListScope,
  DirectivesRepository,
} from '@cascade/persistence';
import { idempotentUuid } from '@cascade/temporal';
import type { TreeView } from '../auth/access-rules';
import { AccessPolicy } from '../auth/access-policy.service';
import { actorOf, type Caller } from '../auth/caller';
import { DocumentFilesService } from '../documents/document-files.service';
import { type ChainLinkDto, documentsView } from '../documents/document.dto';
import { toIso } from '../common/instants';
import { deadlineWindow } from '../common/deadline-range.dto';
import { pageWindow } from '../common/paging.dto';
import { UnitRegistry } from '../units/unit-registry.service';
import { assertNoFormProblems } from '../forms/form-errors';
import { RecurrenceSchedulesService } from '../recurrence/recurrence-schedules.service';
import { toRecurrence } from '../recurrence/recurrence.dto';
import { assembleTree } from './directive-tree';
import type {
  CreateDirectiveDto,
  CreatedDirectiveDto,
  DirectiveDetailDto,
  DirectivePageDto,
  DirectiveSummaryDto,
  DirectiveTreeDto,
  ListDirectivesQueryDto,
} from './directive.dto';

/** Forwarding depth is bounded by the hierarchy; this only stops a corrupt cycle. */
const MAX_CHAIN = 16;

/** How long POST /directives waits for the read model to show the new assignments. */
const DELIVERY_WAIT_MS = 5000;

function listScope(caller: Caller): DirectiveListScope {
  if (caller.role === 'admin') return { kind: 'all' };
  if (caller.role === 'supervisor') return { kind: 'subtree', path: caller.unitPath };
  return { kind: 'unit', unitCode: caller.unitCode };
}

export function toDirectiveSummary(directive: DirectiveEntity): DirectiveSummaryDto {
  return {
    id: directive.id,
    docNumber: directive.docNumber,
    title: directive.title,
    issuerUnit: directive.issuerUnit,
    status: directive.status,
    deadline: toIso(directive.deadline),
    issuedAt: toIso(directive.issuedAt),
    forwardsDirectiveId: directive.forwardsDirectiveId,
    rootDirectiveId: directive.rootDirectiveId,
  };
}

/** Issues directives (starts their workflows) and reads them from the read model, scoped by caller. */
@Injectable()
export class DirectivesService {
  constructor(
    private readonly client: Client,
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
    private readonly access: AccessPolicy,
    private readonly units: UnitRegistry,
    private readonly directives: DirectivesRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly documentFiles: DocumentFilesService,
    private readonly recurrences: RecurrenceSchedulesService,
  ) {}

  async create(caller: Caller, dto: CreateDirectiveDto): Promise<CreatedDirectiveDto> {
    this.access.assertCanIssue(caller, dto.issuerUnit);
    const recipients = await this.units.recipients(dto.recipients, dto.issuerUnit);
    // A past deadline would fire the whole escalation ladder at once.
    const problem = deadlineProblem('报送期限', Date.parse(dto.deadline), Date.now());
    if (problem) throw new UnprocessableEntityException({ statusCode: HttpStatus.UNPROCESSABLE_ENTITY, ...problem });
    if (dto.form) assertNoFormProblems(formDefinitionProblems(dto.form), '填报表有误');
    const recurrence = dto.recurrence ? toRecurrence(dto.recurrence) : null;
    if (recurrence) assertNoFormProblems(recurrenceProblems(recurrence, dto.form), '周期设置有误');
    const documents = await this.documentFiles.documents(caller, dto.issuerUnit, dto.documents);
    // Derived from the Idempotency-Key when there is one: a retry whose first answer was lost reaches the same workflow.
    const id = idempotentUuid('directive');
    const input: DirectiveWorkflowInput = {
      directiveId: id,
      docNumber: dto.docNumber,
      title: dto.title,
      body: dto.body ?? null,
      issuerUnit: dto.issuerUnit,
      recipients,
      deadline: Date.parse(dto.deadline),
      obligations: dto.obligations ?? [],
      policy: dto.policy ? { ...dto.policy } : undefined,
      ...(documents ? { documents } : {}),
      ...(dto.form ? { form: dto.form } : {}),
      ...(caller.person ? { issuedBy: actorOf(caller) } : {}),
    };
    if (recurrence) {
      // A recurring directive delivers nothing itself: each period is a directive with its own deadline.
      const deadline = await this.recurrences.firstDeadline(recurrence);
      await this.recurrences.issue({ ...input, deadline, recurrence });
      return { id, assignments: [] };
    }
    await this.start(input);
    await this.awaitDelivery(id, recipients.length);
    return {
      id,
      assignments: recipients.map((r) => ({
        id: workflowIds.assignment(id, r.unitCode),
        unitCode: r.unitCode,
        status: 'DELIVERED',
      })),
    };
  }

  /** Starts the directive's workflow once ever: an id already taken is this request's own earlier start. */
  private async start(input: DirectiveWorkflowInput): Promise<void> {
    try {
      await this.client.workflow.start('directiveWorkflow', {
        ...directiveStart(input, this.config.temporal.taskQueue),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /** Lets a follow-up read see the assignments; the answer does not depend on it (ids are deterministic). */
  private async awaitDelivery(directiveId: string, expected: number): Promise<void> {
    const giveUpAt = Date.now() + DELIVERY_WAIT_MS;
    while (Date.now() < giveUpAt) {
      if ((await this.assignments.byDirective(directiveId)).length >= expected) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async list(caller: Caller, query: ListDirectivesQueryDto): Promise<DirectivePageDto> {
    const page = await this.directives.list({
      scope: listScope(caller),
      issuer: query.issuer,
      status: query.status,
      q: query.q,
      ...deadlineWindow(query),
      ...pageWindow(query),
    });
    return { items: page.items.map(toDirectiveSummary), total: page.total };
  }

  async get(caller: Caller, id: string): Promise<DirectiveDetailDto> {
    const { directive } = await this.access.readableDirective(caller, id);
    return {
      ...toDirectiveSummary(directive),
      body: directive.body,
      recipients: directive.recipients,
      obligations: directive.obligations,
      policy: directive.policy,
      parentAssignmentId: directive.parentAssignmentId,
      version: directive.version,
      form: directive.form,
      recurrence: directive.recurrence,
      seriesDirectiveId: directive.seriesDirectiveId,
      periodLabel: directive.periodLabel,
      documents: documentsView(await this.directives.documents(directive)),
      chain: await this.chainOf(directive),
    };
  }

  /** 上级来文: the directives this one forwards, from the top down; a recipient may read each of them. */
  private async chainOf(directive: DirectiveEntity): Promise<ChainLinkDto[]> {
    const chain: ChainLinkDto[] = [];
    const seen = new Set([directive.id]);
    for (let id = directive.forwardsDirectiveId; id && !seen.has(id) && chain.length < MAX_CHAIN;) {
      seen.add(id);
      const upstream = await this.directives.findById(id);
      if (!upstream) break;
      chain.unshift({
        directiveId: upstream.id,
        docNumber: upstream.docNumber,
        title: upstream.title,
        issuerUnit: upstream.issuerUnit,
        issuerName: (await this.units.find(upstream.issuerUnit))?.name ?? upstream.issuerUnit,
        href: `/api/directives/${encodeURIComponent(upstream.id)}`,
      });
      id = upstream.forwardsDirectiveId;
    }
    return chain;
  }

  async tree(caller: Caller, id: string): Promise<DirectiveTreeDto> {
    const { directive, view } = await this.access.readableDirective(caller, id);
    return {
      id: directive.id,
      docNumber: directive.docNumber,
      issuerUnit: directive.issuerUnit,
      ...(await this.treeOf(directive, view)),
    };
  }

  /** One query for every level under the directive, assembled in memory. */
  async treeOf(directive: DirectiveEntity, view: TreeView) {
    // A top-level directive may go to any unit; a forward only to the issuer's subordinates.
    const issuerPath = directive.parentAssignmentId ? (await this.units.find(directive.issuerUnit))?.path : undefined;
    return assembleTree(await this.assignments.treeRows(directive.rootDirectiveId, issuerPath), directive.id, view);
  }
}

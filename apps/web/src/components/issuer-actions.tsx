import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api, type AssignmentDetail, type DirectiveDetail, type ExtensionRequestItem, ok } from '../api';
import { formatDateTime, fromShanghaiInput, toShanghaiIso } from '../format';
import { useAction, usePoll } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';
import { Deadline, DisabledReason, ErrorNote, EscalationBadge, StatusBadge } from './bits';
import { UnitReportsList } from './documents';
import { type FormTotals, type FormValues, isNumberField, type ReportForm, totalText, valueText } from './form-draft';

/** A unit picked in the tree or the 汇总 table. */
export interface SelectedUnit {
  assignmentId: string;
  unitCode: string;
  unitName: string;
}

interface UnitFigures {
  form: ReportForm;
  values: FormValues | null;
  subtreeTotals: FormTotals;
  reported: boolean;
  units: number;
}

async function loadUnit(node: SelectedUnit) {
  const assignment = await ok(api.GET('/api/assignments/{id}', { params: { path: { id: node.assignmentId } } }));
  const params = { path: { id: assignment.directiveId } };
  const [reports, rollup] = await Promise.all([
    ok(api.GET('/api/directives/{id}/reports', { params: { ...params, query: { unit: node.unitCode } } })),
    // The figures are extra: a panel without them still serves 办结 and 退回.
    ok(api.GET('/api/directives/{id}/rollup', { params })).catch(() => null),
  ]);
  const row = rollup?.units.find((u) => u.assignmentId === node.assignmentId);
  const figures: UnitFigures | null =
    rollup?.form && row
      ? {
          form: rollup.form as unknown as ReportForm,
          values: row.values as FormValues | null,
          subtreeTotals: row.subtreeTotals as FormTotals,
          reported: row.reported,
          units: row.units,
        }
      : null;
  return { assignment, reports, figures };
}

/** The unit's figures of the 填报表: its own and, when it has subordinates, their totals. */
function UnitFiguresTable({ figures, unitName }: { figures: UnitFigures; unitName: string }) {
  const below = figures.units > 0;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${unitName} 的填报数据`}>
      <table className="unit-figures" data-testid="unit-figures">
        <caption>填报数据{figures.reported ? '' : '（尚未报送）'}</caption>
        <thead>
          <tr>
            <th scope="col">填报项</th>
            <th scope="col">本单位</th>
            {below && <th scope="col">下级合计</th>}
          </tr>
        </thead>
        <tbody>
          {figures.form.fields.map((field) => (
            <tr key={field.key} data-field={field.key}>
              <th scope="row">{field.label}</th>
              <td className={isNumberField(field) ? 'num' : undefined}>
                {figures.reported ? valueText(field, figures.values?.[field.key]) || '—' : '—'}
                {figures.reported && isNumberField(field) && 'unit' in field && field.unit ? ` ${field.unit}` : ''}
              </td>
              {below && (
                <td className={isNumberField(field) ? 'num' : undefined}>
                  {field.type === 'text' || field.type === 'date'
                    ? ''
                    : totalText(field, figures.subtreeTotals[field.key])}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 可再次催办：… while the issuer must wait, else the 催办 button. */
export function UrgeButton({ assignment, onDone }: { assignment: AssignmentDetail; onDone: (text: string) => void }) {
  const { busy, error, run } = useAction();
  const waitUntil = assignment.nextUrgeAt;
  const urge = () =>
    run(async () => {
      await ok(api.POST('/api/assignments/{id}/urge', { params: { path: { id: assignment.id } }, body: {} }));
      onDone(`已催办 ${assignment.unitName}`);
    });
  return (
    <>
      <button
        type="button"
        disabled={busy || Boolean(waitUntil)}
        onClick={() => void urge()}
        aria-label={`催办 ${assignment.unitName} ${assignment.title ?? ''}`}
        aria-describedby={waitUntil ? `urge-wait-${assignment.unitCode}` : undefined}
      >
        催办
      </button>
      {waitUntil && (
        <span className="muted small" id={`urge-wait-${assignment.unitCode}`} data-testid="urge-wait">
          可再次催办：{formatDateTime(waitUntil)}
        </span>
      )}
      <ErrorNote error={error} />
    </>
  );
}

function ReturnForm({
  assignment,
  onDone,
  onCancel,
}: {
  assignment: AssignmentDetail;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = deadline ? fromShanghaiInput(deadline) : null;
    if (deadline && !chosen) return setError('请填写有效的新报送期限');
    await run(async () => {
      await ok(
        api.POST('/api/assignments/{id}/return', {
          params: { path: { id: assignment.id } },
          body: { reason: reason.trim(), ...(chosen ? { newDeadline: toShanghaiIso(chosen) } : {}) },
        }),
      );
      onDone(`已退回 ${assignment.unitName}`);
    });
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={`退回 ${assignment.unitName}`}>
      <label htmlFor={`${id}-reason`}>退回理由</label>
      <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required />
      <NewDeadlineField id={`${id}-deadline`} value={deadline} onChange={setDeadline} />
      <ErrorNote error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || !reason.trim()}
          aria-describedby={reason.trim() ? undefined : `${id}-blocked`}
        >
          {busy ? '退回中…' : '确认退回'}
        </button>
        <button type="button" onClick={onCancel}>
          取消
        </button>
        <DisabledReason id={`${id}-blocked`} reason={reason.trim() ? null : '请填写退回理由。'} />
      </div>
    </form>
  );
}

/**
 * One unit as its issuer sees it (picked in the tree or the 汇总 table): its figures, its report by version,
 * and 办结, 退回, 催办 right there.
 */
export function UnitPanel({
  node,
  onClose,
  onChanged,
}: {
  node: SelectedUnit;
  onClose: () => void;
  onChanged: () => void;
}) {
  const unit = usePoll(() => loadUnit(node), node.assignmentId);
  const heading = useRef<HTMLHeadingElement>(null);
  // Picked far from where the panel shows (the 汇总 table): bring it into view and move focus there.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [node.assignmentId]);
  const [returning, setReturning] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const accept = useAction();
  const changed = (text: string) => {
    setReturning(false);
    setDone(text);
    unit.reload();
    onChanged();
  };
  const a = unit.data?.assignment;
  const may = new Set(a?.allowedOperations ?? []);
  const running = a && !['ACCEPTED', 'WITHDRAWN'].includes(a.status);
  return (
    <section className="panel unit-panel" aria-labelledby="unit-panel-heading" data-testid="unit-panel">
      <div className="page-head">
        <h2 id="unit-panel-heading" ref={heading} tabIndex={-1}>
          {node.unitName}
        </h2>
        <button type="button" onClick={onClose} aria-label={`关闭 ${node.unitName} 的办理情况`}>
          关闭
        </button>
      </div>
      {!unit.data && !unit.error && <p role="status">正在加载…</p>}
      <ErrorNote error={unit.error} />
      {a && unit.data && (
        <>
          <p className="card-meta">
            <StatusBadge status={a.status} overdue={a.overdue} />
            <EscalationBadge level={a.escalationLevel} />
            <span>
              报送期限 <Deadline iso={a.deadline} done={!running || a.status === 'REPORTED'} />
            </span>
            {a.urges.length > 0 && (
              <span className="muted small">
                已催办 {a.urges.length} 次，最近 {formatDateTime(a.urges[a.urges.length - 1].at)}
              </span>
            )}
            <Link to={`/assignments/${encodeURIComponent(a.id)}`}>处理笺</Link>
          </p>
          {done && (
            <p className="success" role="status">
              {done}
            </p>
          )}
          {unit.data.figures && <UnitFiguresTable figures={unit.data.figures} unitName={node.unitName} />}
          <UnitReportsList units={unit.data.reports} />
          <div className="actions-row">
            {a.status === 'REPORTED' && may.has('accept') && (
              <button
                type="button"
                className="primary"
                disabled={accept.busy}
                aria-label={`办结 ${a.unitName} ${a.title ?? ''}`}
                onClick={() =>
                  void accept.run(async () => {
                    await ok(api.POST('/api/assignments/{id}/accept', { params: { path: { id: a.id } }, body: {} }));
                    changed(`已办结 ${a.unitName}`);
                  })
                }
              >
                办结
              </button>
            )}
            {a.status === 'REPORTED' && may.has('return') && (
              <button
                type="button"
                aria-expanded={returning}
                aria-label={`退回 ${a.unitName} ${a.title ?? ''}`}
                onClick={() => setReturning(!returning)}
              >
                退回
              </button>
            )}
            {running && a.status !== 'REPORTED' && may.has('urge') && <UrgeButton assignment={a} onDone={changed} />}
            {a.status === 'REPORTED' && !may.has('accept') && (
              <span className="muted small">已报送，由发文单位办结或退回。</span>
            )}
          </div>
          <ErrorNote error={accept.error} />
          {returning && <ReturnForm assignment={a} onDone={changed} onCancel={() => setReturning(false)} />}
        </>
      )}
    </section>
  );
}

async function loadRequests(directiveId: string | undefined, withDocuments: boolean) {
  const requests = await ok(
    api.GET('/api/extension-requests', { params: { query: directiveId ? { directiveId } : {} } }),
  );
  const documents = new Map<string, { docNumber: string; title: string }>();
  if (withDocuments) {
    const ids = [...new Set(requests.map((r) => r.directiveId))];
    const details = await Promise.all(
      ids.map((id) => ok(api.GET('/api/directives/{id}', { params: { path: { id } } })).catch(() => null)),
    );
    for (const detail of details) if (detail) documents.set(detail.id, detail);
  }
  return { requests, documents: withDocuments ? documents : undefined };
}

/** Whether a role decides 延期申请 (the access rules refuse clerks and supervisors). */
export const decidesExtensions = (role: string) => role === 'leader' || role === 'admin';

/**
 * 待审批: the 延期申请 the signed-in unit decides, of one directive or (directiveId absent) of all, each with
 * 批准 and 驳回 for a leader; `documents` names each request's 公文 with a link to it.
 */
export function ExtensionRequests({
  directiveId,
  withDocuments = false,
  onChanged,
  emptyText,
  headingLevel = 2,
}: {
  directiveId?: string;
  /** Name each request's 公文 (a list across directives needs it). */
  withDocuments?: boolean;
  onChanged?: () => void;
  /** Shown when nothing waits; without it the section hides. */
  emptyText?: string;
  headingLevel?: 1 | 2;
}) {
  const { me } = useSession();
  const list = usePoll(() => loadRequests(directiveId, withDocuments), `extensions:${directiveId ?? '*'}`);
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const requests = list.data?.requests ?? [];
  const documents = list.data?.documents;
  if (list.data && requests.length === 0 && !emptyText && !done) return null;
  if (!list.data && !emptyText) return null;
  const decide = (request: ExtensionRequestItem, approve: boolean) =>
    run(async () => {
      const params = { params: { path: { id: request.id } }, body: {} };
      await ok(
        approve
          ? api.POST('/api/extension-requests/{id}/approve', params)
          : api.POST('/api/extension-requests/{id}/reject', params),
      );
      setDone(`${approve ? '已批准' : '已驳回'} ${request.unitName} 的延期申请`);
      list.reload();
      onChanged?.();
    });
  const leader = decidesExtensions(me.role);
  const doc = (request: ExtensionRequestItem) => documents?.get(request.directiveId);
  return (
    <section className="panel" aria-labelledby="extensions-heading">
      <Heading id="extensions-heading">待审批{list.data ? `（延期申请 ${requests.length} 件）` : ''}</Heading>
      {!leader && <p className="muted small">延期申请须由本单位领导审批，您可查看但不能批准或驳回。</p>}
      {!list.data && !list.error && <p role="status">正在加载延期申请…</p>}
      <ErrorNote error={list.error} />
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <ErrorNote error={error} />
      {list.data && requests.length === 0 && emptyText && <p className="empty">{emptyText}</p>}
      <ul className="cards">
        {requests.map((request) => (
          <li key={request.id} className="card" data-testid="extension-request">
            <div className="card-main">
              <div className="card-title">
                {request.unitName}
                {documents && (
                  <>
                    {' · '}
                    <Link to={`/directives/${encodeURIComponent(request.directiveId)}`}>
                      {doc(request) ? `${doc(request)!.docNumber} ${doc(request)!.title}` : '查看公文'}
                    </Link>
                  </>
                )}
              </div>
              <div className="card-meta">
                <span>
                  申请延至 {formatDateTime(request.requestedDeadline)}
                  {request.currentDeadline && `（原期限 ${formatDateTime(request.currentDeadline)}）`}
                </span>
                <span>理由：{request.reason}</span>
                <span className="muted small">申请于 {formatDateTime(request.requestedAt)}</span>
              </div>
            </div>
            {leader && (
              <div className="card-actions">
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => void decide(request, true)}
                  aria-label={`批准 ${request.unitName} 的延期申请${doc(request) ? `：${doc(request)!.docNumber}` : ''}`}
                >
                  批准
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void decide(request, false)}
                  aria-label={`驳回 ${request.unitName} 的延期申请${doc(request) ? `：${doc(request)!.docNumber}` : ''}`}
                >
                  驳回
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 撤回 and 更正 of a directive by its issuer. */
export function DirectiveChanges({ detail, onChanged }: { detail: DirectiveDetail; onChanged: () => void }) {
  const id = useId();
  const [open, setOpen] = useState<'withdraw' | 'amend' | null>(null);
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState('');
  const [title, setTitle] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  if (detail.status !== 'ACTIVE') return null;
  // A recurring directive's deadlines come from its rule; its amendment serves the periods to come.
  const series = detail.recurrence !== null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const params = { params: { path: { id: detail.id } } };
    const finished = (text: string) => {
      setDone(text);
      setOpen(null);
      setReason('');
      setTitle('');
      setDeadline('');
      onChanged();
    };
    if (open === 'withdraw') {
      await run(async () => {
        await ok(api.POST('/api/directives/{id}/withdraw', { ...params, body: { reason: reason.trim() } }));
        finished('已撤回');
      });
    } else {
      const chosen = deadline ? fromShanghaiInput(deadline) : null;
      if (deadline && !chosen) return setError('请填写有效的新报送期限');
      await run(async () => {
        const answer = await ok(
          api.POST('/api/directives/{id}/amend', {
            ...params,
            body: {
              note: reason.trim(),
              ...(title.trim() ? { title: title.trim() } : {}),
              ...(chosen ? { deadline: toShanghaiIso(chosen) } : {}),
            },
          }),
        );
        finished(`已发出更正通知（第 ${answer.version} 版）`);
      });
    }
  };
  return (
    <div className="directive-changes">
      <div className="actions-row">
        <button
          type="button"
          aria-expanded={open === 'amend'}
          onClick={() => setOpen(open === 'amend' ? null : 'amend')}
          aria-label={`更正通知 ${detail.title}`}
        >
          更正通知
        </button>
        <button
          type="button"
          className="danger"
          aria-expanded={open === 'withdraw'}
          onClick={() => setOpen(open === 'withdraw' ? null : 'withdraw')}
          aria-label={`撤回公文 ${detail.title}`}
        >
          撤回公文
        </button>
      </div>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {open && (
        <form
          className="inline-form"
          onSubmit={(e) => void submit(e)}
          aria-label={open === 'withdraw' ? '撤回公文' : '更正通知'}
        >
          <label htmlFor={`${id}-reason`}>{open === 'withdraw' ? '撤回理由' : '更正说明'}</label>
          <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required />
          {open === 'amend' && (
            <>
              <label htmlFor={`${id}-title`}>新的标题（可不填）</label>
              <input id={`${id}-title`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
              {series ? (
                <p className="muted small">
                  更正用于以后各期；已开始的各期不变，如需更正请在该期公文上更正。每期的报送期限由周期规则确定。
                </p>
              ) : (
                <NewDeadlineField id={`${id}-deadline`} value={deadline} onChange={setDeadline} />
              )}
            </>
          )}
          {open === 'withdraw' && <p className="warning small">撤回后，各级承办单位的任务一并撤回，不能恢复。</p>}
          <ErrorNote error={error} />
          <div className="form-actions">
            <button
              type="submit"
              className={open === 'withdraw' ? 'danger' : 'primary'}
              disabled={busy || !reason.trim()}
            >
              {busy ? '提交中…' : open === 'withdraw' ? '确认撤回' : '发出更正通知'}
            </button>
            <button type="button" onClick={() => setOpen(null)}>
              取消
            </button>
          </div>
        </form>
      )}
      <ErrorNote error={open ? null : error} />
    </div>
  );
}

/** An optional new 报送期限 (Beijing time) of a 退回 or an 更正. */
function NewDeadlineField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={id}>新的报送期限（可不填，北京时间）</label>
      <input id={id} type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} />
    </>
  );
}

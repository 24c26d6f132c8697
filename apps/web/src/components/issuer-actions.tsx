import { type FormEvent, useId, useState } from 'react';
import { api, type AssignmentDetail, type DirectiveDetail, type ExtensionRequestItem, ok, type TreeNode } from '../api';
import { formatDateTime, fromShanghaiInput, toShanghaiIso } from '../format';
import { useAction, usePoll } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';
import { Deadline, ErrorNote, EscalationBadge, StatusBadge } from './bits';
import { UnitReportsList } from './documents';

async function loadUnit(node: TreeNode) {
  const assignment = await ok(api.GET('/api/assignments/{id}', { params: { path: { id: node.assignmentId } } }));
  const reports = await ok(
    api.GET('/api/directives/{id}/reports', {
      params: { path: { id: assignment.directiveId }, query: { unit: node.unitCode } },
    }),
  );
  return { assignment, reports };
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
      <label htmlFor={`${id}-deadline`}>新的报送期限（可不填，北京时间）</label>
      <input
        id={`${id}-deadline`}
        type="datetime-local"
        value={deadline}
        onChange={(e) => setDeadline(e.target.value)}
      />
      <ErrorNote error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !reason.trim()}>
          {busy ? '退回中…' : '确认退回'}
        </button>
        <button type="button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

/** One unit of the tree as its issuer sees it: its report by version, and 办结, 退回, 催办 right there. */
export function UnitPanel({
  node,
  onClose,
  onChanged,
}: {
  node: TreeNode;
  onClose: () => void;
  onChanged: () => void;
}) {
  const unit = usePoll(() => loadUnit(node), node.assignmentId);
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
        <h2 id="unit-panel-heading">{node.unitName}</h2>
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

/** 待审批: the 延期申请 on this directive that the signed-in unit decides. */
export function PendingExtensions({ directiveId, onChanged }: { directiveId: string; onChanged: () => void }) {
  const { me } = useSession();
  const list = usePoll(
    () => ok(api.GET('/api/extension-requests', { params: { query: { directiveId } } })),
    `extensions:${directiveId}`,
  );
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  if (!list.data || list.data.length === 0) return null;
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
      onChanged();
    });
  const leader = me.role !== 'clerk';
  return (
    <section className="panel" aria-labelledby="extensions-heading">
      <h2 id="extensions-heading">待审批（延期申请 {list.data.length} 件）</h2>
      {!leader && <p className="muted small">延期申请须由本单位领导审批。</p>}
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <ErrorNote error={error} />
      <ul className="cards">
        {list.data.map((request) => (
          <li key={request.id} className="card" data-testid="extension-request">
            <div className="card-main">
              <div className="card-title">{request.unitName}</div>
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
                  aria-label={`批准 ${request.unitName} 的延期申请`}
                >
                  批准
                </button>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void decide(request, false)}
                  aria-label={`驳回 ${request.unitName} 的延期申请`}
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
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  if (detail.status !== 'ACTIVE') return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const params = { params: { path: { id: detail.id } } };
    const finished = (text: string) => {
      setDone(text);
      setOpen(null);
      setReason('');
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
            body: { note: reason.trim(), ...(chosen ? { deadline: toShanghaiIso(chosen) } : {}) },
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
              <label htmlFor={`${id}-deadline`}>新的报送期限（可不填，北京时间）</label>
              <input
                id={`${id}-deadline`}
                type="datetime-local"
                value={deadline}
                onChange={(e) => setDeadline(e.target.value)}
              />
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

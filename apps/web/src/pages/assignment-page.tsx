import { type FormEvent, useId, useState } from 'react';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';
import {
  type AssignmentDetail,
  type AssignmentState,
  api,
  type DirectiveDetail,
  type InboxItem,
  ok,
  withAnswer,
} from '../api';
import { DisabledReason, EscalationBadge, ErrorNote, StatusBadge } from '../components/bits';
import { BodyFileViewer, ChainLinks, FileLinks, ObligationList } from '../components/documents';
import { ForwardForm } from '../components/forward-form';
import { UrgeButton } from '../components/issuer-actions';
import { ReportForm } from '../components/report-form';
import { calendar, formatDateTime, fromShanghaiInput, REASON_LABELS, toShanghaiIso } from '../format';
import { useAction, usePoll } from '../hooks';
import { Link, useTitle } from '../router';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ENDED = new Set(['REPORTED', 'ACCEPTED', 'WITHDRAWN']);
const REPORTABLE = new Set(['ACKNOWLEDGED', 'FORWARDED', 'RETURNED']);

/** What is left before a time limit: 还剩 2 个工作日, 今日到期, 已逾期 3 小时, 已逾期 1 天. */
export function timeLeft(iso: string, now = new Date()): { text: string; tone: 'ok' | 'soon' | 'late' } {
  const due = new Date(iso);
  const late = now.getTime() - due.getTime();
  if (late >= 0) {
    // Minutes late do not read as a whole day late.
    if (late < HOUR_MS) return { text: `已逾期 ${Math.max(1, Math.floor(late / 60_000))} 分钟`, tone: 'late' };
    if (late < DAY_MS) return { text: `已逾期 ${Math.floor(late / HOUR_MS)} 小时`, tone: 'late' };
    return { text: `已逾期 ${Math.floor(late / DAY_MS)} 天`, tone: 'late' };
  }
  const left = calendar.workingDaysBetween(now, due);
  if (left <= 0) return { text: '今日到期', tone: 'soon' };
  return { text: `还剩 ${left} 个工作日`, tone: left <= 2 ? 'soon' : 'ok' };
}

function TimeLimit({ label, iso, doneText }: { label: string; iso: string; doneText: string | null }) {
  const left = timeLeft(iso);
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <time dateTime={iso}>{formatDateTime(iso)}</time>{' '}
        {doneText ? (
          <span className="muted small">{doneText}</span>
        ) : (
          <span className={`left left-${left.tone}`} data-testid={`left-${label}`}>
            {left.text}
          </span>
        )}
      </dd>
    </div>
  );
}

interface Sheet {
  assignment: AssignmentDetail;
  directive: DirectiveDetail;
}

async function loadSheet(id: string): Promise<Sheet> {
  const assignment = await ok(api.GET('/api/assignments/{id}', { params: { path: { id } } }));
  const directive = await ok(api.GET('/api/directives/{id}', { params: { path: { id: assignment.directiveId } } }));
  return { assignment, directive };
}

type Open = 'report' | 'forward' | 'extension' | null;

/** 处理笺: one assignment with its notice, its time limits and what the signed-in person may do with it. */
export function AssignmentPage({ id }: { id: string }) {
  const sheet = usePoll(() => loadSheet(id), id);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  useTitle(sheet.data ? `处理笺 ${sheet.data.assignment.docNumber ?? ''}` : '处理笺');

  if (!sheet.data) {
    return sheet.error ? (
      <section>
        <h1>处理笺</h1>
        <ErrorNote error={sheet.status === 404 ? '承办任务不存在，或您无权查看' : sheet.error} />
      </section>
    ) : (
      <p role="status">正在加载…</p>
    );
  }
  const { assignment: a, directive: d } = sheet.data;
  const state = a.state;
  const may = new Set(a.allowedOperations);
  const name = `${d.title}`;
  const item: InboxItem = {
    id: a.id,
    directiveId: a.directiveId,
    docNumber: a.docNumber,
    title: a.title,
    status: a.status,
    deadline: a.deadline,
    overdue: a.overdue,
  };
  const reports = state?.reports ?? [];
  const returned = a.status === 'RETURNED' ? [...reports].reverse().find((r) => r.status === 'RETURNED') : undefined;
  const pendingExtension = state?.extensionRequests?.find((r) => r.status === 'PENDING');
  const decidedExtensions = state?.extensionRequests?.filter((r) => r.status !== 'PENDING') ?? [];
  const unacknowledgedAmendments = state?.amendments?.filter((x) => !x.acknowledgedAt) ?? [];
  const openEscalations = state?.escalations.filter((e) => !e.resolvedAt) ?? [];

  /**
   * After an operation: its answer is the assignment's state at once (the read model follows, and the
   * live stream's change then reloads the sheet); without one, reload.
   */
  const finished = (text: string, answer?: AssignmentState) => {
    setOpen(null);
    setDone(text);
    if (answer) sheet.replace((s) => ({ ...s, assignment: { ...withAnswer(s.assignment, answer), state: answer } }));
    else sheet.reload();
  };
  const post = (work: () => Promise<AssignmentState>, text: string) =>
    action.run(async () => {
      finished(text, await work());
    });
  const acknowledge = () =>
    post(
      () => ok(api.POST('/api/assignments/{id}/acknowledge', { params: { path: { id: a.id } }, body: {} })),
      `已签收：${a.docNumber ?? ''}`,
    );
  const acknowledgeAmendment = (version: number) =>
    post(
      () =>
        ok(
          api.POST('/api/assignments/{id}/amendments/{version}/acknowledge', {
            params: { path: { id: a.id, version } },
            body: {},
          }),
        ),
      '已确认更正',
    );

  const forwardBlocked = !a.hasSubordinates
    ? '本单位没有下级单位，无需转发；请直接报送。'
    : a.status !== 'ACKNOWLEDGED'
      ? a.status === 'DELIVERED'
        ? '签收后才能转发。'
        : null
      : null;
  const canForward = may.has('forward') && a.status === 'ACKNOWLEDGED' && a.hasSubordinates;
  const canReport = may.has('report') && REPORTABLE.has(a.status);
  const canExtend = may.has('requestExtension') && !ENDED.has(a.status) && !pendingExtension;
  const acting = may.has('acknowledge');

  return (
    <article className="directive" aria-labelledby="sheet-title">
      <header className="directive-head">
        <p className="muted small">
          <Link to="/inbox">待办</Link> › 处理笺
        </p>
        <p className="doc-number" data-testid="doc-number">
          {a.docNumber}
        </p>
        <h1 id="sheet-title">{a.title}</h1>
        <p className="card-meta">
          <StatusBadge status={a.status} overdue={a.overdue} />
          <EscalationBadge level={a.escalationLevel} />
          <span>
            承办单位 {a.unitName}，发文单位 {a.issuerName}
          </span>
        </p>
        {returned && (
          <div className="warning" role="alert" data-testid="returned-note">
            <strong>已退回</strong>：{returned.returnReason ?? '（未说明理由）'}。请修改后重新报送，报送期限{' '}
            {formatDateTime(a.deadline)}。
          </div>
        )}
        {state?.upstreamAmended && (
          <div className="warning" role="status" data-testid="upstream-amended">
            <strong>上级来文已修改</strong>：{state.upstreamAmended.docNumber} 第 {state.upstreamAmended.version} 版（
            {formatDateTime(state.upstreamAmended.at)}）。
            <Link to={`/directives/${encodeURIComponent(state.upstreamAmended.directiveId)}`}>查看上级来文</Link>
          </div>
        )}
        {unacknowledgedAmendments.map((amendment) => (
          <div className="warning" role="status" key={amendment.version}>
            <strong>更正通知（第 {amendment.version} 版）</strong>：{amendment.note}
            {may.has('acknowledgeAmendment') && (
              <button
                type="button"
                disabled={action.busy}
                onClick={() => void acknowledgeAmendment(amendment.version)}
                aria-label={`确认更正 ${name}`}
              >
                确认更正
              </button>
            )}
          </div>
        ))}
        <dl className="facts">
          <TimeLimit
            label="签收时限"
            iso={a.ackDueAt}
            doneText={state?.acknowledgedAt ? `已于 ${formatDateTime(state.acknowledgedAt)} 签收` : null}
          />
          <TimeLimit
            label="报送期限"
            iso={a.deadline}
            doneText={
              a.status === 'REPORTED' || a.status === 'ACCEPTED'
                ? `已于 ${formatDateTime(a.reportedAt ?? a.deadline)} 报送`
                : a.status === 'WITHDRAWN'
                  ? '已撤回'
                  : null
            }
          />
        </dl>
        {done && (
          <p className="success" role="status">
            {done}
          </p>
        )}
        <ErrorNote error={action.error} />
        <ErrorNote error={sheet.error} />
        {acting || may.has('report') ? (
          <div className="actions-row" aria-label="办理">
            {a.status === 'DELIVERED' && may.has('acknowledge') && (
              <button
                type="button"
                className="primary"
                disabled={action.busy}
                onClick={() => void acknowledge()}
                aria-label={`签收 ${name}`}
              >
                签收
              </button>
            )}
            {canReport && (
              <button
                type="button"
                className={open === 'report' ? 'active' : 'primary'}
                aria-expanded={open === 'report'}
                onClick={() => setOpen(open === 'report' ? null : 'report')}
                aria-label={`${a.status === 'RETURNED' ? '重新报送' : '报送'} ${name}`}
              >
                {a.status === 'RETURNED' ? '重新报送' : '报送'}
              </button>
            )}
            {canForward && (
              <button
                type="button"
                className={open === 'forward' ? 'active' : undefined}
                aria-expanded={open === 'forward'}
                onClick={() => setOpen(open === 'forward' ? null : 'forward')}
                aria-label={`转发 ${name}`}
              >
                转发
              </button>
            )}
            {canExtend && (
              <button
                type="button"
                className={open === 'extension' ? 'active' : undefined}
                aria-expanded={open === 'extension'}
                onClick={() => setOpen(open === 'extension' ? null : 'extension')}
                aria-label={`申请延期 ${name}`}
              >
                申请延期
              </button>
            )}
            {may.has('forward') && forwardBlocked && !ENDED.has(a.status) && (
              <span className="muted small" data-testid="forward-blocked">
                转发：{forwardBlocked}
              </span>
            )}
            {ENDED.has(a.status) && (
              <span className="muted small">
                {a.status === 'REPORTED'
                  ? '已报送，等待发文单位办结。'
                  : a.status === 'ACCEPTED'
                    ? '已办结。'
                    : '发文单位已撤回此任务。'}
              </span>
            )}
          </div>
        ) : (
          <div className="actions-row">
            <span className="muted small">
              {may.has('accept') ? (
                <>
                  本单位是发文单位：
                  <Link to={`/directives/${encodeURIComponent(a.directiveId)}`}>在公文页</Link>
                  点击该单位，办结、退回或审批延期。
                </>
              ) : (
                '此处理笺只供查看：办理由承办单位进行。'
              )}
            </span>
            {may.has('urge') && !ENDED.has(a.status) && <UrgeButton assignment={a} onDone={finished} />}
          </div>
        )}
        {pendingExtension && (
          <p className="muted small" data-testid="extension-pending">
            已申请延期至 {formatDateTime(pendingExtension.requestedDeadline)}（{pendingExtension.reason}），等待审批。
          </p>
        )}
        {decidedExtensions.map((r) => (
          <p className="muted small" key={r.id}>
            延期申请（至 {formatDateTime(r.requestedDeadline)}）{r.status === 'APPROVED' ? '已批准' : '未获批准'}
            {r.decisionNote ? `：${r.decisionNote}` : ''}
          </p>
        ))}
        {open === 'report' && (
          <ReportForm
            item={item}
            onDone={(answer) => finished(`${ASSIGNMENT_STATUS_LABELS.REPORTED}：${a.docNumber ?? ''}`, answer)}
            onCancel={() => setOpen(null)}
          />
        )}
        {open === 'forward' && (
          <ForwardForm
            item={item}
            onDone={() => finished(`${ASSIGNMENT_STATUS_LABELS.FORWARDED}：${a.docNumber ?? ''}`)}
            onCancel={() => setOpen(null)}
          />
        )}
        {open === 'extension' && (
          <ExtensionForm assignment={a} onDone={() => finished('已提交延期申请')} onCancel={() => setOpen(null)} />
        )}
      </header>

      {(a.urges.length > 0 || openEscalations.length > 0) && (
        <section aria-labelledby="urges-heading" className="panel">
          <h2 id="urges-heading">催办与督办</h2>
          <ul className="plain-list" data-testid="urges">
            {openEscalations.map((e) => (
              <li key={`${e.reason}-${e.level}`}>
                <EscalationBadge level={e.level} /> {REASON_LABELS[e.reason] ?? e.reason}，{formatDateTime(e.firedAt)}
              </li>
            ))}
            {[...a.urges].reverse().map((u) => (
              <li key={u.at}>
                <span className="badge escalation">催办</span> {u.unitName ?? '上级'}于 {formatDateTime(u.at)} 催办
                {u.note ? `：${u.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      {d.obligations.length > 0 && (
        <section aria-labelledby="obligations-heading" className="panel obligations">
          <h2 id="obligations-heading">工作要求</h2>
          <ObligationList obligations={d.obligations} issuedAt={d.issuedAt} />
        </section>
      )}

      <section aria-labelledby="documents-heading" className="panel">
        <h2 id="documents-heading">正文与附件</h2>
        {d.documents.bodyFile ? (
          <BodyFileViewer file={d.documents.bodyFile} />
        ) : d.body ? (
          <div className="body-text">{d.body}</div>
        ) : (
          <p className="muted">此公文没有正文文件。</p>
        )}
        {d.documents.attachments.length > 0 && (
          <>
            <h3>附件</h3>
            <FileLinks files={d.documents.attachments} label="附件" />
          </>
        )}
        <p className="small">
          <Link to={`/directives/${encodeURIComponent(d.id)}`}>查看公文全文与办理情况</Link>
        </p>
      </section>

      {d.chain.length > 0 && (
        <section aria-labelledby="chain-heading" className="panel">
          <h2 id="chain-heading">上级来文</h2>
          <ChainLinks chain={d.chain} />
        </section>
      )}

      {reports.length > 0 && (
        <section aria-labelledby="my-reports-heading" className="panel">
          <h2 id="my-reports-heading">本单位报送记录</h2>
          <ol className="plain-list">
            {reports.map((r) => (
              <li key={r.id}>
                <span className="badge">
                  第 {r.version} 版 ·{' '}
                  {r.status === 'RETURNED' ? '已退回' : r.status === 'ACCEPTED' ? '已办结' : '已报送'}
                </span>{' '}
                <span className="muted small">{formatDateTime(r.submittedAt)}</span>
                {r.returnReason && <p className="small">退回理由：{r.returnReason}</p>}
                {r.zeroReport ? <p>无则报零</p> : r.content && <p>{r.content}</p>}
                <FileLinks files={r.files} label={`第 ${r.version} 版报送材料`} />
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}

function ExtensionForm({
  assignment,
  onDone,
  onCancel,
}: {
  assignment: AssignmentDetail;
  onDone: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [deadline, setDeadline] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();
  const blocked = !deadline ? '请选择申请延至的日期和时间。' : !reason.trim() ? '请填写延期理由。' : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = fromShanghaiInput(deadline);
    if (!chosen) return setError('请填写申请延至的日期和时间');
    await run(async () => {
      await ok(
        api.POST('/api/assignments/{id}/extension-requests', {
          params: { path: { id: assignment.id } },
          body: { newDeadline: toShanghaiIso(chosen), reason: reason.trim() },
        }),
      );
      onDone();
    });
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={`申请延期 ${assignment.title ?? ''}`}>
      <label htmlFor={`${id}-deadline`}>申请延至（北京时间）</label>
      <input
        id={`${id}-deadline`}
        type="datetime-local"
        value={deadline}
        onChange={(e) => setDeadline(e.target.value)}
        required
      />
      <label htmlFor={`${id}-reason`}>延期理由</label>
      <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required />
      <ErrorNote error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || Boolean(blocked)}
          aria-describedby={blocked ? `${id}-blocked` : undefined}
        >
          {busy ? '提交中…' : '提交延期申请'}
        </button>
        <button type="button" onClick={onCancel}>
          取消
        </button>
        <DisabledReason id={`${id}-blocked`} reason={blocked} />
      </div>
    </form>
  );
}

import { useEffect, useState } from 'react';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';
import {
  api,
  type AssignmentListItem,
  type AssignmentState,
  type AssignmentStatus,
  type InboxItem,
  ok,
  withAnswer,
} from '../api';
import { Deadline, DeadlineRangeFields, ErrorNote, EscalationBadge, StatusBadge } from '../components/bits';
import { ForwardForm } from '../components/forward-form';
import { ReportForm } from '../components/report-form';
import { formatDateTime } from '../format';
import { usePoll } from '../hooks';
import { Link, useTitle } from '../router';
import { timeLeft } from './assignment-page';
import { useSession } from '../session';

export type Box = 'todo' | 'done' | 'closed';

const BOXES: { box: Box; label: string; to: string; empty: string }[] = [
  { box: 'todo', label: '待办', to: '/inbox', empty: '没有待办公文' },
  { box: 'done', label: '已办', to: '/inbox/done', empty: '没有已报送、待办结的公文' },
  { box: 'closed', label: '办结', to: '/inbox/closed', empty: '没有已办结的公文' },
];

const STATUS_CHOICES: Record<Box, AssignmentStatus[]> = {
  todo: ['DELIVERED', 'ACKNOWLEDGED', 'FORWARDED', 'RETURNED'],
  done: [],
  closed: [],
};

const PAGE_SIZE = 20;

type Open = { id: string; form: 'report' | 'forward' } | null;

const canReport = (status: string) => status === 'ACKNOWLEDGED' || status === 'FORWARDED' || status === 'RETURNED';

const asInboxItem = (item: AssignmentListItem): InboxItem => ({
  id: item.id,
  directiveId: item.directiveId,
  docNumber: item.docNumber,
  title: item.title,
  status: item.status,
  deadline: item.deadline,
  overdue: item.overdue,
});

/** 待办, 已办 and 办结 of the signed-in unit: search, filters and pages, with 签收/报送/转发 at hand. */
export function InboxPage({ box }: { box: Box }) {
  const { me } = useSession();
  const current = BOXES.find((b) => b.box === box)!;
  useTitle(current.label);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<AssignmentStatus | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const filterKey = `${box}|${q.trim()}|${status}|${from}|${to}`;
  useEffect(() => setPage(1), [filterKey]);
  const list = usePoll(
    () =>
      ok(
        api.GET('/api/assignments', {
          params: {
            query: {
              box,
              q: q.trim() || undefined,
              status: status || undefined,
              deadlineFrom: from || undefined,
              deadlineTo: to || undefined,
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
    `${filterKey}|${page}`,
  );
  const [hasSubordinates, setHasSubordinates] = useState(false);
  useEffect(() => {
    ok(api.GET('/api/units/{code}/children', { params: { path: { code: me.unitCode } } }))
      .then((children) => setHasSubordinates(children.length > 0))
      .catch(() => setHasSubordinates(false));
  }, [me.unitCode]);

  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ id: string; text: string; error: boolean } | null>(null);
  // A reported item leaves 待办: its confirmation shows above the list.
  const [done, setDone] = useState<string | null>(null);

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(q.trim() || status || from || to);

  const acknowledge = async (item: AssignmentListItem) => {
    setBusy(item.id);
    setNotice(null);
    try {
      const answer = await ok(
        api.POST('/api/assignments/{id}/acknowledge', { params: { path: { id: item.id } }, body: {} }),
      );
      setNotice({ id: item.id, text: ASSIGNMENT_STATUS_LABELS.ACKNOWLEDGED, error: false });
      answered(answer);
    } catch (e) {
      setNotice({ id: item.id, text: e instanceof Error ? e.message : String(e), error: true });
    } finally {
      setBusy(null);
    }
  };

  /** The row as the operation's answer has it; the live stream's change reloads the list once the read model has it. */
  const answered = (answer: AssignmentState) =>
    list.replace((d) => ({
      ...d,
      items: d.items.map((row) => (row.id === answer.assignmentId ? withAnswer(row, answer) : row)),
    }));

  const finished = (item: AssignmentListItem, text: string, answer?: AssignmentState) => {
    setOpen(null);
    setNotice(null);
    setDone(`${text}：${item.docNumber ?? ''} ${item.title ?? ''}`);
    if (answer) answered(answer);
    else list.reload();
  };

  return (
    <section aria-labelledby="inbox-heading">
      <div className="page-head">
        <h1 id="inbox-heading">{current.label}</h1>
        <nav aria-label="办件分类" className="tabs">
          {BOXES.map((b) => (
            <Link key={b.box} to={b.to} aria-current={b.box === box ? 'page' : undefined}>
              {b.label}
            </Link>
          ))}
        </nav>
      </div>
      <form className="filters" role="search" aria-label={`搜索${current.label}`} onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="inbox-q">文号或标题</label>
          <input id="inbox-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="如 89号" />
        </div>
        {STATUS_CHOICES[box].length > 0 && (
          <div>
            <label htmlFor="inbox-status">状态</label>
            <select
              id="inbox-status"
              value={status}
              onChange={(e) => setStatus(e.target.value as AssignmentStatus | '')}
            >
              <option value="">全部</option>
              {STATUS_CHOICES[box].map((s) => (
                <option key={s} value={s}>
                  {ASSIGNMENT_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
        )}
        <DeadlineRangeFields idPrefix="inbox" from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </form>
      {list.data && (
        <p className="muted" data-testid="inbox-summary">
          {me.unitName}：{current.label} <strong>{total}</strong> 件
          {box === 'todo' ? '（按期限由近及远）' : '（最近的在前）'}
        </p>
      )}
      <ErrorNote error={list.error} />
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {!list.data && !list.error && (
        <p className="loading" role="status">
          正在加载…
        </p>
      )}
      {list.data && items.length === 0 && (
        <p className="empty">{filtered ? `没有符合条件的${current.label}公文` : current.empty}</p>
      )}
      <ul className="cards" aria-label={`${current.label}列表`}>
        {items.map((item) => {
          const name = item.title ?? item.docNumber ?? '';
          return (
            <li key={item.id} className={`card${item.overdue ? ' card-overdue' : ''}`} data-testid="inbox-item">
              <div className="card-main">
                <div className="card-title">
                  <Link to={`/assignments/${encodeURIComponent(item.id)}`}>{item.title ?? '（无标题）'}</Link>
                </div>
                <div className="card-meta">
                  <span className="doc-number">{item.docNumber}</span>
                  <StatusBadge status={item.status} overdue={item.overdue} />
                  <EscalationBadge level={item.escalationLevel} />
                  {item.lastUrge && (
                    <span className="badge escalation" data-testid="urged-flag">
                      {item.lastUrge.unitName ?? '上级'}催办{item.urgeCount > 1 ? ` ${item.urgeCount} 次` : ''}
                    </span>
                  )}
                  {box === 'todo' && item.status === 'DELIVERED' ? (
                    <span>
                      签收时限 <time dateTime={item.ackDueAt}>{formatDateTime(item.ackDueAt)}</time>（
                      {timeLeft(item.ackDueAt).text}）
                    </span>
                  ) : null}
                  <span>
                    报送期限 <Deadline iso={item.deadline} done={box !== 'todo'} />
                  </span>
                  {box === 'done' && item.reportedAt && <span>报送于 {formatDateTime(item.reportedAt)}</span>}
                  {box === 'closed' && item.acceptedAt && <span>办结于 {formatDateTime(item.acceptedAt)}</span>}
                </div>
              </div>
              {box === 'todo' && (
                <div className="card-actions">
                  {item.status === 'DELIVERED' && (
                    <button
                      type="button"
                      className="primary"
                      disabled={busy === item.id}
                      onClick={() => void acknowledge(item)}
                      aria-label={`签收 ${name}`}
                    >
                      签收
                    </button>
                  )}
                  {canReport(item.status) && (
                    <button
                      type="button"
                      className={open?.id === item.id && open.form === 'report' ? 'active' : 'primary'}
                      aria-expanded={open?.id === item.id && open.form === 'report'}
                      aria-label={`报送 ${name}`}
                      onClick={() =>
                        setOpen(open?.id === item.id && open.form === 'report' ? null : { id: item.id, form: 'report' })
                      }
                    >
                      报送
                    </button>
                  )}
                  {item.status === 'ACKNOWLEDGED' && hasSubordinates && (
                    <button
                      type="button"
                      className={open?.id === item.id && open.form === 'forward' ? 'active' : undefined}
                      aria-expanded={open?.id === item.id && open.form === 'forward'}
                      aria-label={`转发 ${name}`}
                      onClick={() =>
                        setOpen(
                          open?.id === item.id && open.form === 'forward' ? null : { id: item.id, form: 'forward' },
                        )
                      }
                    >
                      转发
                    </button>
                  )}
                  <Link to={`/assignments/${encodeURIComponent(item.id)}`} className="button-link">
                    处理笺
                  </Link>
                </div>
              )}
              {notice?.id === item.id && (
                <p className={notice.error ? 'error' : 'success'} role={notice.error ? 'alert' : 'status'}>
                  {notice.text}
                </p>
              )}
              {open?.id === item.id && open.form === 'report' && (
                <ReportForm
                  item={asInboxItem(item)}
                  onDone={(answer) => finished(item, ASSIGNMENT_STATUS_LABELS.REPORTED, answer)}
                  onCancel={() => setOpen(null)}
                />
              )}
              {open?.id === item.id && open.form === 'forward' && (
                <ForwardForm
                  item={asInboxItem(item)}
                  onDone={() => finished(item, ASSIGNMENT_STATUS_LABELS.FORWARDED)}
                  onCancel={() => setOpen(null)}
                />
              )}
            </li>
          );
        })}
      </ul>
      <Pager page={page} pages={pages} onPage={setPage} />
    </section>
  );
}

/** 上一页 / 下一页 under a list, with where the reader is. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="分页">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        上一页
      </button>
      <span aria-live="polite">
        第 {page} / {pages} 页
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        下一页
      </button>
    </nav>
  );
}

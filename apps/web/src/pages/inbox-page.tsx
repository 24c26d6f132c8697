import { useState } from 'react';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';
import { api, type InboxItem, ok } from '../api';
import { Deadline, ErrorNote, StatusBadge } from '../components/bits';
import { ForwardForm } from '../components/forward-form';
import { ReportForm } from '../components/report-form';
import { usePoll } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';

type Open = { id: string; form: 'report' | 'forward' } | null;

const canReport = (status: string) => status === 'ACKNOWLEDGED' || status === 'FORWARDED' || status === 'RETURNED';

export function InboxPage() {
  const { me } = useSession();
  const inbox = usePoll(
    () => ok(api.GET('/api/units/{code}/inbox', { params: { path: { code: me.unitCode } } })),
    me.unitCode,
  );
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ id: string; text: string; error: boolean } | null>(null);
  // A reported item leaves the inbox: its confirmation shows above the list.
  const [done, setDone] = useState<string | null>(null);

  const items = [...(inbox.data ?? [])].sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline));
  const toAcknowledge = items.filter((i) => i.status === 'DELIVERED').length;
  const toReport = items.filter((i) => canReport(i.status)).length;

  const acknowledge = async (item: InboxItem) => {
    setBusy(item.id);
    setNotice(null);
    try {
      await ok(api.POST('/api/assignments/{id}/acknowledge', { params: { path: { id: item.id } }, body: {} }));
      setNotice({ id: item.id, text: ASSIGNMENT_STATUS_LABELS.ACKNOWLEDGED, error: false });
      inbox.reload();
    } catch (e) {
      setNotice({ id: item.id, text: e instanceof Error ? e.message : String(e), error: true });
    } finally {
      setBusy(null);
    }
  };

  const finished = (item: InboxItem, text: string) => {
    setOpen(null);
    setNotice(null);
    setDone(`${text}：${item.docNumber ?? ''} ${item.title ?? ''}`);
    inbox.reload();
  };

  return (
    <section aria-labelledby="inbox-heading">
      <div className="page-head">
        <h1 id="inbox-heading">待办</h1>
        <p className="muted">
          {me.unitName}：待签收 <strong>{toAcknowledge}</strong> 件，待报送 <strong>{toReport}</strong>{' '}
          件（按期限由近及远）
        </p>
      </div>
      <ErrorNote error={inbox.error} />
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {inbox.data && items.length === 0 && <p className="empty">没有待办事项。</p>}
      <ul className="cards" aria-label="待办列表">
        {items.map((item) => (
          <li key={item.id} className={`card${item.overdue ? ' card-overdue' : ''}`} data-testid="inbox-item">
            <div className="card-main">
              <div className="card-title">
                <Link to={`/directives/${encodeURIComponent(item.directiveId)}`}>{item.title ?? '（无标题）'}</Link>
              </div>
              <div className="card-meta">
                <span className="doc-number">{item.docNumber}</span>
                <StatusBadge status={item.status} overdue={item.overdue} />
                <span>
                  期限 <Deadline iso={item.deadline} />
                </span>
              </div>
            </div>
            <div className="card-actions">
              {item.status === 'DELIVERED' && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy === item.id}
                  onClick={() => void acknowledge(item)}
                  aria-label={`签收 ${item.docNumber ?? ''}`}
                >
                  签收
                </button>
              )}
              {canReport(item.status) && (
                <button
                  type="button"
                  className={open?.id === item.id && open.form === 'report' ? 'active' : 'primary'}
                  aria-expanded={open?.id === item.id && open.form === 'report'}
                  onClick={() =>
                    setOpen(open?.id === item.id && open.form === 'report' ? null : { id: item.id, form: 'report' })
                  }
                >
                  报送
                </button>
              )}
              {item.status === 'ACKNOWLEDGED' && (
                <button
                  type="button"
                  className={open?.id === item.id && open.form === 'forward' ? 'active' : undefined}
                  aria-expanded={open?.id === item.id && open.form === 'forward'}
                  onClick={() =>
                    setOpen(open?.id === item.id && open.form === 'forward' ? null : { id: item.id, form: 'forward' })
                  }
                >
                  转发
                </button>
              )}
            </div>
            {notice?.id === item.id && (
              <p className={notice.error ? 'error' : 'success'} role={notice.error ? 'alert' : 'status'}>
                {notice.text}
              </p>
            )}
            {open?.id === item.id && open.form === 'report' && (
              <ReportForm
                item={item}
                onDone={() => finished(item, ASSIGNMENT_STATUS_LABELS.REPORTED)}
                onCancel={() => setOpen(null)}
              />
            )}
            {open?.id === item.id && open.form === 'forward' && (
              <ForwardForm
                item={item}
                onDone={() => finished(item, ASSIGNMENT_STATUS_LABELS.FORWARDED)}
                onCancel={() => setOpen(null)}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

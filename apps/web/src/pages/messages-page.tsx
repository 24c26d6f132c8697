import { useEffect, useState } from 'react';
import { api, errorText, ok } from '../api';
import { ErrorNote } from '../components/bits';
import { PersonalSubscriptions } from '../components/personal-subscriptions';
import { formatDateTime } from '../format';
import { usePoll } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';

/** The 消息中心: the unit's messages as the signed-in person has read them, and where else they go. */
export function MessagesPage({ unread, onUnread }: { unread: number | null; onUnread: (unread: number) => void }) {
  const { me } = useSession();
  const page = usePoll(
    () => ok(api.GET('/api/notifications/inbox', { params: { query: { pageSize: 100 } } })),
    me.unitCode,
  );
  const [error, setError] = useState<string | null>(null);
  const { reload } = page;

  // A pushed count that differs from the list's means new messages (or read elsewhere): reload the list.
  useEffect(() => {
    if (unread !== null && page.data && unread !== page.data.unread) reload();
  }, [unread, page.data, reload]);

  const act = async (work: () => Promise<{ unread: number }>) => {
    setError(null);
    try {
      onUnread((await work()).unread);
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const markRead = (id: string) =>
    act(() => ok(api.POST('/api/notifications/inbox/{id}/read', { params: { path: { id } } })));
  const markAll = () => act(() => ok(api.POST('/api/notifications/inbox/read-all')));

  const items = page.data?.items ?? [];
  return (
    <section aria-labelledby="messages-heading">
      <div className="page-head">
        <h1 id="messages-heading">消息中心</h1>
        <p className="muted">
          {me.unitName}：未读 <strong data-testid="messages-unread">{page.data?.unread ?? '…'}</strong> 条，共{' '}
          {page.data?.total ?? '…'} 条
        </p>
        <button type="button" onClick={() => void markAll()} disabled={!page.data?.unread}>
          全部标为已读
        </button>
      </div>
      <ErrorNote error={error ?? page.error} />
      {!page.data && !page.error && (
        <p className="loading" role="status">
          正在加载消息…
        </p>
      )}
      {page.data && items.length === 0 && <p className="empty">暂无消息。</p>}
      <ul className="cards" aria-label="消息列表">
        {items.map((message) => (
          <li key={message.id} className={`card${message.readAt ? '' : ' card-unread'}`} data-testid="message-item">
            <div className="card-main">
              <div className="card-title">
                {!message.readAt && <span className="unread-dot" role="img" aria-label="未读" />}
                {message.directiveId ? (
                  <Link to={`/directives/${encodeURIComponent(message.directiveId)}`}>{message.subject}</Link>
                ) : (
                  message.subject
                )}
              </div>
              <p className="card-meta">{message.body}</p>
              <div className="card-meta">
                <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
              </div>
            </div>
            {!message.readAt && (
              <div className="card-actions">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void markRead(message.id)}
                  aria-label={`标为已读：${message.subject}`}
                >
                  标为已读
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {me.name && <PersonalSubscriptions />}
    </section>
  );
}

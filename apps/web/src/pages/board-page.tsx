import { useRef, useState } from 'react';
import { api, ApiError, type BoardItem, ok } from '../api';
import { Deadline, ErrorNote, EscalationBadge, StatusBadge } from '../components/bits';
import { formatDateTime, REASON_LABELS } from '../format';
import { usePoll } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';

/** 督办 board: open escalations in the caller's reach, most overdue first, with 催办 where allowed. */
export function BoardPage() {
  const { me } = useSession();
  const [level, setLevel] = useState('');
  const [region, setRegion] = useState('');
  const [directive, setDirective] = useState('');
  const query = {
    level: level ? Number(level) : undefined,
    under: region || undefined,
    directive: directive || undefined,
  };
  const board = usePoll(
    () => ok(api.GET('/api/escalation-board', { params: { query } })),
    `board:${level}:${region}:${directive}`,
  );
  // Directives seen on the board stay in the filter while another filter hides them.
  const seen = useRef(new Map<string, string>());
  board.data?.items.forEach((item) => seen.current.set(item.directiveId, `${item.docNumber} ${item.title}`));
  const [messages, setMessages] = useState<Record<string, { text: string; error: boolean }>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const urge = async (item: BoardItem) => {
    setBusy(item.id);
    try {
      await ok(api.POST('/api/assignments/{id}/urge', { params: { path: { id: item.assignmentId } }, body: {} }));
      setMessages((m) => ({ ...m, [item.id]: { text: `已向${item.unitName}发出催办`, error: false } }));
    } catch (e) {
      const text =
        e instanceof ApiError && e.status === 404 && !/承办任务/.test(e.message)
          ? '催办功能尚未开放'
          : e instanceof Error
            ? e.message
            : String(e);
      setMessages((m) => ({ ...m, [item.id]: { text, error: true } }));
    } finally {
      setBusy(null);
    }
  };

  const items = board.data?.items ?? [];
  const regionName = new Map((board.data?.regions ?? []).map((r) => [r.code, r.name]));
  return (
    <section aria-labelledby="board-heading">
      <div className="page-head">
        <h1 id="board-heading">督办</h1>
        <p className="muted">{me.unitName}及下级未办结的督办事项，最逾期的在前</p>
      </div>
      <form className="filters" aria-label="筛选" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="filter-level">督办级别</label>
          <select id="filter-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            <option value="">全部级别</option>
            <option value="1">一级督办</option>
            <option value="2">二级督办</option>
            <option value="3">通报</option>
          </select>
        </div>
        <div>
          <label htmlFor="filter-region">地区</label>
          <select id="filter-region" value={region} onChange={(e) => setRegion(e.target.value)}>
            <option value="">全部地区</option>
            {board.data?.regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-directive">公文</label>
          <select id="filter-directive" value={directive} onChange={(e) => setDirective(e.target.value)}>
            <option value="">全部公文</option>
            {[...seen.current].map(([id, label]) => (
              <option key={id} value={id}>
                {label.length > 40 ? `${label.slice(0, 39)}…` : label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorNote error={board.error} />
      {board.data && items.length === 0 && <p className="empty">没有未办结的督办事项。</p>}
      <ul className="cards" aria-label="督办列表">
        {items.map((item) => (
          <li
            key={item.id}
            className="card card-overdue"
            data-testid="board-item"
            data-unit={item.unitCode}
            data-level={item.level}
          >
            <div className="card-main">
              <div className="card-title">
                <strong>{item.unitName}</strong> <EscalationBadge level={item.level} />{' '}
                <StatusBadge status={item.status} overdue />
                {regionName.has(item.regionCode) && item.regionCode !== item.unitCode && (
                  <span className="muted small"> {regionName.get(item.regionCode)}</span>
                )}
              </div>
              <div className="card-meta">
                <span>{REASON_LABELS[item.reason] ?? item.reason}</span>
                <span>
                  期限 <Deadline iso={item.deadline} />
                </span>
                <span className="muted small">督办于 {formatDateTime(item.firedAt)}</span>
              </div>
              <div className="card-meta">
                <Link to={`/directives/${encodeURIComponent(item.directiveId)}`}>
                  {item.docNumber} {item.title}
                </Link>
              </div>
            </div>
            <div className="card-actions">
              {item.canUrge && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy === item.id}
                  onClick={() => void urge(item)}
                  aria-label={`催办 ${item.unitName}`}
                >
                  催办
                </button>
              )}
            </div>
            {messages[item.id] && (
              <p
                className={messages[item.id].error ? 'error' : 'success'}
                role={messages[item.id].error ? 'alert' : 'status'}
              >
                {messages[item.id].text}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

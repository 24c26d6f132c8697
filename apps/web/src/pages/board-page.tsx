import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type Board, type BoardItem, errorText, ok } from '../api';
import { Deadline, ErrorNote, EscalationBadge, StatusBadge } from '../components/bits';
import { formatDateTime, formatShortDateTime, REASON_LABELS } from '../format';
import { usePoll } from '../hooks';
import { Link } from '../router';
import { useSession } from '../session';

/** What a history entry of the board says. */
function historyText(entry: BoardItem['history'][number], unitNames: Map<string, string>): string {
  const reason = entry.reason ? `${REASON_LABELS[entry.reason] ?? entry.reason} · ` : '';
  const level = entry.level ? (LEVEL_WORDS[entry.level] ?? `第 ${entry.level} 级`) : '';
  if (entry.kind === 'ESCALATED') return `${reason}${level}`;
  if (entry.kind === 'RESOLVED') return `${reason}${level}解除`;
  const who = entry.actorUnit ? (unitNames.get(entry.actorUnit) ?? entry.actorUnit) : '';
  return `催办${who ? `（${who}）` : ''}${entry.note ? `：${entry.note}` : ''}`;
}

const LEVEL_WORDS: Record<number, string> = { 1: '一级督办', 2: '二级督办', 3: '通报' };

/** 督办 board: one row per unit and document at its current level, most overdue first, with 催办 where allowed. */
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
  // The region lists come from the unfiltered board, so choosing a region keeps the others selectable.
  const [places, setPlaces] = useState<Pick<Board, 'regions' | 'members'> | null>(null);
  useEffect(() => {
    if (board.data && !places) setPlaces({ regions: board.data.regions, members: board.data.members });
  }, [board.data, places]);

  const [messages, setMessages] = useState<Record<string, { text: string; error: boolean }>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const urge = async (item: BoardItem) => {
    setBusy(item.id);
    try {
      await ok(api.POST('/api/assignments/{id}/urge', { params: { path: { id: item.assignmentId } }, body: {} }));
      setMessages((m) => ({ ...m, [item.id]: { text: `已向${item.unitName}发出催办`, error: false } }));
    } catch (e) {
      // A throttled urge is no failure: the row shows when the next one is allowed.
      if (!(e instanceof ApiError && e.status === 429))
        setMessages((m) => ({ ...m, [item.id]: { text: errorText(e), error: true } }));
    } finally {
      setBusy(null);
      board.reload();
    }
  };

  const items = board.data?.items ?? [];
  const placeNames = new Map(
    [...(places?.regions ?? []), ...(places?.members ?? []), ...(board.data?.totals ?? [])].map((r) => [
      r.code,
      r.name,
    ]),
  );
  placeNames.set(me.unitCode, me.unitName);
  return (
    <section aria-labelledby="board-heading">
      <div className="page-head">
        <h1 id="board-heading">督办</h1>
        <p className="muted">{me.unitName}及下级未办结的督办事项，每个单位每件公文一行，最逾期的在前</p>
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
            <option value="">全部地区和成员单位</option>
            {places && places.regions.length > 0 && (
              <optgroup label="地区">
                {places.regions.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            )}
            {places && places.members.length > 0 && (
              <optgroup label="成员单位">
                {places.members.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            )}
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
      {!board.data && !board.error && (
        <p className="loading" role="status">
          正在加载督办事项…
        </p>
      )}
      {board.data && board.data.totals.length > 0 && <BoardTotals totals={board.data.totals} />}
      {board.data && items.length === 0 && <p className="empty">没有未办结的督办事项。</p>}
      {board.data && board.data.total > items.length && (
        <p className="muted small">
          共 {board.data.total} 项，显示最逾期的 {items.length} 项。
        </p>
      )}
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
                {item.urgeCount > 0 && <span className="badge urged">已催办 {item.urgeCount} 次</span>}
                {placeNames.has(item.regionCode) && item.regionCode !== item.unitCode && (
                  <span className="muted small"> {placeNames.get(item.regionCode)}</span>
                )}
              </div>
              <div className="card-meta">
                {item.reasons.map((reason) => (
                  <span key={reason}>
                    {REASON_LABELS[reason] ?? reason} · {reason === 'NOT_ACKNOWLEDGED' ? '签收时限' : '报送期限'}{' '}
                    <Deadline iso={reason === 'NOT_ACKNOWLEDGED' ? item.ackDueAt : item.deadline} />
                  </span>
                ))}
              </div>
              <div className="card-meta">
                <Link to={`/directives/${encodeURIComponent(item.directiveId)}`}>
                  {item.docNumber} {item.title}
                </Link>
              </div>
              <details className="board-history">
                <summary>督办记录（{item.history.length} 条）</summary>
                <ol>
                  {item.history.map((entry, i) => (
                    <li key={i}>
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> {historyText(entry, placeNames)}
                    </li>
                  ))}
                </ol>
              </details>
            </div>
            <div className="card-actions">
              {item.canUrge &&
                (item.nextUrgeAt ? (
                  <p className="muted small cooldown" data-testid="urge-cooldown">
                    已催办，可于 {formatShortDateTime(item.nextUrgeAt)} 再次催办
                  </p>
                ) : (
                  <button
                    type="button"
                    className="primary"
                    disabled={busy === item.id}
                    onClick={() => void urge(item)}
                    aria-label={`催办 ${item.unitName}：${item.docNumber}`}
                  >
                    催办
                  </button>
                ))}
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

/** Per region, then per 成员单位: rows on the board by level and reason. */
function BoardTotals({ totals }: { totals: Board['totals'] }) {
  return (
    <table className="board-totals stack-table" aria-label="督办汇总：按下级单位">
      <thead>
        <tr>
          <th scope="col">地区 / 成员单位</th>
          <th scope="col">事项</th>
          <th scope="col">一级督办</th>
          <th scope="col">二级督办</th>
          <th scope="col">通报</th>
          <th scope="col">逾期未签收</th>
          <th scope="col">逾期未报送</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((t) => (
          <tr key={t.code} data-testid="board-total" data-code={t.code}>
            <th scope="row">
              {t.name}
              {t.member && <span className="muted small">（成员单位）</span>}
            </th>
            <td data-label="事项">{t.count}</td>
            <td data-label="一级督办">{t.level1}</td>
            <td data-label="二级督办">{t.level2}</td>
            <td data-label="通报">{t.level3}</td>
            <td data-label="逾期未签收">{t.notAcknowledged}</td>
            <td data-label="逾期未报送">{t.overdue}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

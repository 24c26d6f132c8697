import { useEffect, useState } from 'react';
import { directiveStatusLabel } from '@cascade/contracts/status-labels';
import { api, type DirectiveSummary, ok } from '../api';
import { Deadline, DeadlineRangeFields, ErrorNote } from '../components/bits';
import { formatDate } from '../format';
import { usePoll } from '../hooks';
import { Link, useTitle } from '../router';
import { useSession } from '../session';
import { Pager } from './inbox-page';

const PAGE_SIZE = 20;
const STATUSES: DirectiveSummary['status'][] = ['ACTIVE', 'COMPLETED', 'WITHDRAWN'];

/** 公文 the unit may see, or 我发出的 (those it issued): search by 文号 or title, filters and pages. */
export function DirectivesPage({ mine }: { mine: boolean }) {
  const { me } = useSession();
  const heading = mine ? '我发出的' : '公文';
  useTitle(heading);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<DirectiveSummary['status'] | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const filterKey = `${mine}|${q.trim()}|${status}|${from}|${to}`;
  useEffect(() => setPage(1), [filterKey]);
  const list = usePoll(
    () =>
      ok(
        api.GET('/api/directives', {
          params: {
            query: {
              issuer: mine ? me.unitCode : undefined,
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
    `directives:${filterKey}|${page}`,
  );
  const total = list.data?.total ?? 0;
  const filtered = Boolean(q.trim() || status || from || to);
  return (
    <section aria-labelledby="directives-heading">
      <div className="page-head">
        <h1 id="directives-heading">{heading}</h1>
        <nav aria-label="公文分类" className="tabs">
          <Link to="/directives" aria-current={mine ? undefined : 'page'}>
            全部公文
          </Link>
          <Link to="/directives/mine" aria-current={mine ? 'page' : undefined}>
            我发出的
          </Link>
        </nav>
      </div>
      <form className="filters" role="search" aria-label={`搜索${heading}`} onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="directive-search">文号或标题</label>
          <input
            id="directive-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="如 169号"
          />
        </div>
        <div>
          <label htmlFor="directive-status">状态</label>
          <select
            id="directive-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as DirectiveSummary['status'] | '')}
          >
            <option value="">全部</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {directiveStatusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <DeadlineRangeFields idPrefix="directive" from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </form>
      {list.data && (
        <p className="muted">
          共 <strong>{total}</strong> 件
        </p>
      )}
      <ErrorNote error={list.error} />
      {!list.data && !list.error && (
        <p className="loading" role="status">
          正在加载…
        </p>
      )}
      {list.data && list.data.items.length === 0 && (
        <p className="empty">{filtered ? '没有符合条件的公文' : mine ? '本单位还没有发出公文' : '没有可查看的公文'}</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="stack-on-phone">
            <caption className="visually-hidden">{heading}列表</caption>
            <thead>
              <tr>
                <th scope="col">文号</th>
                <th scope="col">标题</th>
                <th scope="col">发文</th>
                <th scope="col">期限</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap" data-label="文号">
                    {d.docNumber}
                  </td>
                  <td data-label="标题">
                    <Link to={`/directives/${encodeURIComponent(d.id)}`}>{d.title}</Link>
                  </td>
                  <td className="nowrap" data-label="发文">
                    {formatDate(d.issuedAt)}
                  </td>
                  <td data-label="期限">
                    <Deadline iso={d.deadline} done={d.status !== 'ACTIVE'} />
                  </td>
                  <td className="nowrap" data-label="状态">
                    {directiveStatusLabel(d.status)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={Math.max(1, Math.ceil(total / PAGE_SIZE))} onPage={setPage} />
    </section>
  );
}

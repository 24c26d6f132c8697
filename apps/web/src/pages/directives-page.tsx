import { useState } from 'react';
import { api, ok } from '../api';
import { Deadline, ErrorNote } from '../components/bits';
import { directiveStatusLabel } from '@cascade/contracts/status-labels';
import { formatDate } from '../format';
import { usePoll } from '../hooks';
import { Link } from '../router';

export function DirectivesPage() {
  const [q, setQ] = useState('');
  const list = usePoll(
    () => ok(api.GET('/api/directives', { params: { query: { pageSize: 100, q: q.trim() || undefined } } })),
    `directives:${q.trim()}`,
  );
  return (
    <section aria-labelledby="directives-heading">
      <div className="page-head">
        <h1 id="directives-heading">公文</h1>
        <div className="filters">
          <label htmlFor="directive-search">搜索标题或文号</label>
          <input
            id="directive-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="如 169号"
          />
        </div>
      </div>
      <ErrorNote error={list.error} />
      {list.data && list.data.items.length === 0 && <p className="empty">没有公文。</p>}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">公文列表</caption>
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
            {list.data?.items.map((d) => (
              <tr key={d.id}>
                <td className="nowrap">{d.docNumber}</td>
                <td>
                  <Link to={`/directives/${encodeURIComponent(d.id)}`}>{d.title}</Link>
                </td>
                <td className="nowrap">{formatDate(d.issuedAt)}</td>
                <td>
                  <Deadline iso={d.deadline} done={d.status !== 'ACTIVE'} />
                </td>
                <td>{directiveStatusLabel(d.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { useState } from 'react';
import type { ApiSchemas } from '@cascade/api-client';
import { api, ok } from '../api';
import { formatDateTime } from '../format';
import { useAction, usePoll } from '../hooks';
import { Link } from '../router';
import { canAct, useSession } from '../session';
import { ErrorNote } from './bits';

type Periods = ApiSchemas['PeriodsDto'];
type Period = Periods['periods'][number];

/** 周期: the periods of a recurring directive side by side; its issuer pauses or resumes the schedule. */
export function PeriodsPanel({ directiveId, issuerUnit }: { directiveId: string; issuerUnit: string }) {
  const { me } = useSession();
  const view = usePoll(
    () => ok(api.GET('/api/directives/{id}/periods', { params: { path: { id: directiveId } } })),
    directiveId,
  );
  const { busy, error, run } = useAction();
  const data: Periods | null = view.data;
  const mayChange = canAct(me) && (me.role === 'admin' || me.unitCode === issuerUnit);

  const [done, setDone] = useState<string | null>(null);
  const urge = (unit: Period['recipients'][number]) =>
    run(async () => {
      await ok(api.POST('/api/assignments/{id}/urge', { params: { path: { id: unit.assignmentId } }, body: {} }));
      setDone(`已催办 ${unit.unitName}`);
      view.reload();
    });

  const change = (what: 'pause' | 'resume') =>
    run(async () => {
      const path = what === 'pause' ? '/api/directives/{id}/schedule/pause' : '/api/directives/{id}/schedule/resume';
      await ok(api.POST(path, { params: { path: { id: directiveId } }, body: {} }));
      view.reload();
    });

  const runNow = () =>
    run(async () => {
      await ok(api.POST('/api/directives/{id}/schedule/run', { params: { path: { id: directiveId } } }));
      setDone('已发起本期（本期已开始的，不会重复发起）');
      view.reload();
    });

  return (
    <section aria-labelledby="periods-heading" className="panel">
      <h2 id="periods-heading">周期</h2>
      {!data ? (
        view.error ? (
          <ErrorNote error={view.error} />
        ) : (
          <p role="status">正在加载…</p>
        )
      ) : (
        <>
          <p className="muted small" data-testid="schedule-state">
            {scheduleText(data)}，报送期限：{data.due}
          </p>
          {mayChange && data.schedule.exists && (
            <div className="actions-row">
              {data.schedule.paused ? (
                <button type="button" disabled={busy} onClick={() => void change('resume')}>
                  恢复周期
                </button>
              ) : (
                <button type="button" disabled={busy} onClick={() => void change('pause')}>
                  暂停周期
                </button>
              )}
              <button
                type="button"
                disabled={busy}
                onClick={() => void runNow()}
                title="暂停期间或引擎停机时错过的一期，可在此立即发起"
              >
                立即发起本期
              </button>
            </div>
          )}
          <ErrorNote error={error} />
          {done && (
            <p role="status" className="muted small">
              {done}
            </p>
          )}
          {data.periods.length === 0 ? (
            <p className="muted">尚未开始任何一期。</p>
          ) : (
            <table className="periods">
              <thead>
                <tr>
                  <th scope="col">周期</th>
                  <th scope="col">报送期限</th>
                  <th scope="col">已报/应报</th>
                  {hasQuotas(data) && <th scope="col">指标达标</th>}
                </tr>
              </thead>
              <tbody>
                {data.periods.map((period) => (
                  <tr key={period.key}>
                    <th scope="row">
                      <Link to={`/directives/${encodeURIComponent(period.directiveId)}`}>{period.label}</Link>
                    </th>
                    <td>
                      <time dateTime={period.deadline}>{formatDateTime(period.deadline)}</time>
                    </td>
                    <td>
                      {period.reportedUnits}/{period.units}
                    </td>
                    {hasQuotas(data) && (
                      <td>
                        {period.quotaMetUnits}/{period.units}
                        {belowQuota(period).map((unit) => (
                          <div key={unit.unitCode} className="below-quota">
                            <span className="badge status-returned">未达标</span> {unit.unitName}（{shortfall(unit)}）
                            {mayChange && (
                              <button
                                type="button"
                                disabled={busy}
                                onClick={() => void urge(unit)}
                                aria-label={`催办 ${unit.unitName} ${period.label}指标`}
                              >
                                催办
                              </button>
                            )}
                          </div>
                        ))}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** Recipients that reported but below a quota: a report does not end the period's duty. */
function belowQuota(period: Period): Period['recipients'] {
  return period.recipients.filter((unit) => unit.reported && unit.quotas.some((quota) => !quota.met));
}

function shortfall(unit: Period['recipients'][number]): string {
  return unit.quotas
    .filter((quota) => !quota.met)
    .map((quota) => `${quota.label} ${quota.reported}/${quota.required}`)
    .join('，');
}

function hasQuotas(data: Periods): boolean {
  const quotas = (data.recurrence as { quotas?: unknown[] }).quotas;
  return Array.isArray(quotas) && quotas.length > 0;
}

function scheduleText(data: Periods): string {
  if (!data.schedule.exists) return '已撤回，不再开始新的一期';
  if (data.schedule.paused) return '已暂停';
  const next = data.schedule.nextActionTimes[0];
  return next ? `下一期开始于 ${formatDateTime(next)}` : '没有待开始的周期';
}

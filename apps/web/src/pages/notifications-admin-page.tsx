import { useEffect, useState } from 'react';
import { api, errorText, ok } from '../api';
import { ErrorNote } from '../components/bits';
import { formatDateTime } from '../format';
import { usePoll } from '../hooks';
import { useAction } from '../use-action';
import { SubscriptionForm, type SubscriptionValues } from '../components/subscription-form';
import { SubscriptionTable } from '../components/subscription-table';
import {
  CHANNEL_LABELS,
  DELIVERY_STATUS_LABELS,
  type DeliveryStatus,
  type SubscriptionChannel,
} from '../notification-labels';
import { useTitle } from '../router';
import { useSession } from '../session';

const CHANNELS = Object.keys(CHANNEL_LABELS) as SubscriptionChannel[];
const STATUSES = Object.keys(DELIVERY_STATUS_LABELS) as DeliveryStatus[];

/** 消息设置 for the system administrator: who gets which messages on which channel, and what failed to go out. */
export function NotificationsAdminPage() {
  const { me } = useSession();
  useTitle('消息设置');
  if (me.role !== 'admin')
    return (
      <section>
        <h1>消息设置</h1>
        <p className="empty">消息订阅与投递由系统管理员管理；如需调整本单位的接收方式，请联系系统管理员。</p>
      </section>
    );
  return (
    <section aria-labelledby="notify-admin-heading">
      <div className="page-head">
        <h1 id="notify-admin-heading">消息设置</h1>
        <p className="muted">各单位通过哪些渠道接收哪些消息；投递失败的消息可在这里重试。</p>
      </div>
      <Subscriptions />
      <Deliveries />
    </section>
  );
}

function Subscriptions() {
  const [unitFilter, setUnitFilter] = useState('');
  const list = usePoll(
    () =>
      ok(
        api.GET('/api/notifications/subscriptions', {
          params: { query: /^\d{6}/.test(unitFilter) ? { unit: unitFilter } : {} },
        }),
      ),
    `subscriptions:${unitFilter}`,
    60_000,
  );
  const { error, run } = useAction(list.reload);
  const items = list.data?.items ?? [];
  const names = useUnitNames(items.map((item) => item.unitCode));

  const create = async (values: SubscriptionValues) => {
    await ok(
      api.POST('/api/notifications/subscriptions', {
        body: {
          unitCode: values.unitCode,
          channel: values.channel,
          address: values.address,
          ...(values.secret ? { secret: values.secret } : {}),
          kinds: values.kinds,
          quietHours: values.quietHours,
          enabled: true,
        },
      }),
    );
    list.reload();
    return `已为单位 ${values.unitCode} 添加${CHANNEL_LABELS[values.channel]}订阅`;
  };

  return (
    <section className="panel" aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">订阅</h2>
      <form className="filters" aria-label="筛选订阅" onSubmit={(e) => e.preventDefault()}>
        <label>
          单位代码
          <input
            value={unitFilter}
            onChange={(e) => setUnitFilter(e.target.value.trim())}
            placeholder="全部单位"
            inputMode="numeric"
          />
        </label>
      </form>
      <ErrorNote error={error ?? list.error} />
      {!list.data && !list.error && <p role="status">正在加载订阅…</p>}
      {list.data && items.length === 0 && <p className="empty">还没有订阅：各单位只在消息中心收到消息。</p>}
      <SubscriptionTable
        items={items}
        ownerOf={(item) =>
          `${names.get(item.unitCode) ?? item.unitCode}${item.personName ? ` · ${item.personName}` : ''}`
        }
        onChange={(item, change) =>
          run(() =>
            ok(
              api.PATCH('/api/notifications/subscriptions/{id}', {
                params: { path: { id: item.id } },
                body: change,
              }),
            ),
          )
        }
        onRemove={(item) =>
          run(() => ok(api.DELETE('/api/notifications/subscriptions/{id}', { params: { path: { id: item.id } } })))
        }
      />
      <SubscriptionForm title="添加订阅" channels={CHANNELS} askUnit onSubmit={create} />
    </section>
  );
}

function Deliveries() {
  const [status, setStatus] = useState<DeliveryStatus>('DEAD');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const page = usePoll(
    () => ok(api.GET('/api/notifications/deliveries', { params: { query: { status, pageSize: 100 } } })),
    `deliveries:${status}`,
    30_000,
  );
  const items = page.data?.items ?? [];
  const names = useUnitNames(items.map((item) => item.recipientUnit));

  const retry = async (ids?: string[]) => {
    setError(null);
    setNotice(null);
    try {
      const { retried } = await ok(api.POST('/api/notifications/deliveries/retry', { body: ids ? { ids } : {} }));
      setNotice(retried ? `已重新排队 ${retried} 条，稍后自动发送` : '没有可重试的死信');
      setSelected(new Set());
      page.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="panel" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">投递记录</h2>
      <div className="filters">
        <label>
          状态
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as DeliveryStatus);
              setSelected(new Set());
            }}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {DELIVERY_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {status === 'DEAD' && (
          <>
            <button type="button" disabled={selected.size === 0} onClick={() => void retry([...selected])}>
              重试所选（{selected.size}）
            </button>
            <button type="button" disabled={items.length === 0} onClick={() => void retry()}>
              全部重试
            </button>
          </>
        )}
      </div>
      <ErrorNote error={error ?? page.error} />
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      {!page.data && !page.error && <p role="status">正在加载投递记录…</p>}
      {page.data && items.length === 0 && (
        <p className="empty">
          {status === 'DEAD' ? '没有投递失败的消息。' : `没有${DELIVERY_STATUS_LABELS[status]}的消息。`}
        </p>
      )}
      {items.length > 0 && (
        <>
          <p className="muted small">
            共 {page.data?.total ?? items.length} 条，显示最近 {items.length} 条
          </p>
          <div className="table-wrap">
            <table className="data-table" aria-label="投递记录">
              <thead>
                <tr>
                  {status === 'DEAD' && (
                    <th scope="col">
                      <span className="visually-hidden">选择</span>
                    </th>
                  )}
                  <th scope="col">时间</th>
                  <th scope="col">接收单位</th>
                  <th scope="col">渠道</th>
                  <th scope="col">地址</th>
                  <th scope="col">尝试次数</th>
                  <th scope="col">{status === 'SENT' ? '送达时间' : '最近错误'}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} data-testid="delivery-row">
                    {status === 'DEAD' && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`选择发往 ${names.get(item.recipientUnit) ?? item.recipientUnit} 的消息`}
                          checked={selected.has(item.id)}
                          onChange={(e) =>
                            setSelected((current) => {
                              const next = new Set(current);
                              if (e.target.checked) next.add(item.id);
                              else next.delete(item.id);
                              return next;
                            })
                          }
                        />
                      </td>
                    )}
                    <td>{formatDateTime(item.createdAt)}</td>
                    <td>{names.get(item.recipientUnit) ?? item.recipientUnit}</td>
                    <td>{CHANNEL_LABELS[item.channel as SubscriptionChannel] ?? item.channel}</td>
                    <td className="break">{item.address}</td>
                    <td>{item.attempts}</td>
                    <td className="break">
                      {status === 'SENT' ? (item.sentAt ? formatDateTime(item.sentAt) : '') : (item.lastError ?? '')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** Registered names of the units a list shows, looked up once per distinct set of codes. */
function useUnitNames(codes: string[]): Map<string, string> {
  const key = [...new Set(codes)].sort().join(',');
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (!key) return;
    let live = true;
    ok(api.GET('/api/units/names', { params: { query: { codes: key } } }))
      .then((found) => live && setNames(new Map(found.map((unit) => [unit.code, unit.name]))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

import { type FormEvent, useEffect, useState } from 'react';
import type { ApiSchemas } from '@cascade/api-client';
import { api, errorText, ok } from '../api';
import { ErrorNote } from '../components/bits';
import { formatDateTime } from '../format';
import { usePoll } from '../hooks';
import {
  ADDRESS_HINTS,
  CHANNEL_LABELS,
  DELIVERY_STATUS_LABELS,
  type DeliveryStatus,
  KIND_LABELS,
  type NotificationKind,
  type SubscriptionChannel,
} from '../notification-labels';
import { useSession } from '../session';

type Subscription = ApiSchemas['SubscriptionDto'];

const KINDS = Object.keys(KIND_LABELS) as NotificationKind[];
const CHANNELS = Object.keys(CHANNEL_LABELS) as SubscriptionChannel[];
const STATUSES = Object.keys(DELIVERY_STATUS_LABELS) as DeliveryStatus[];
const DEFAULT_KINDS: NotificationKind[] = ['DELIVERED', 'REMINDER', 'URGED', 'ESCALATION', 'REPORT_RETURNED'];

/** 消息设置 for the system administrator: who gets which messages on which channel, and what failed to go out. */
export function NotificationsAdminPage() {
  const { me } = useSession();
  useEffect(() => {
    document.title = '消息设置 - Cascade 公文督办';
  }, []);
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
  const [error, setError] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const names = useUnitNames(items.map((item) => item.unitCode));

  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const toggle = (item: Subscription) =>
    run(() =>
      ok(
        api.PATCH('/api/notifications/subscriptions/{id}', {
          params: { path: { id: item.id } },
          body: { enabled: !item.enabled },
        }),
      ),
    );
  const remove = (item: Subscription) => {
    if (!confirm(`删除 ${names.get(item.unitCode) ?? item.unitCode} 的${CHANNEL_LABELS[item.channel]}订阅？`)) return;
    void run(() => ok(api.DELETE('/api/notifications/subscriptions/{id}', { params: { path: { id: item.id } } })));
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
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" aria-label="订阅列表">
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">渠道</th>
                <th scope="col">地址</th>
                <th scope="col">消息类型</th>
                <th scope="col">非工作时间</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const unit = names.get(item.unitCode) ?? item.unitCode;
                return (
                  <tr key={item.id} data-testid="subscription-row">
                    <td>{unit}</td>
                    <td>{CHANNEL_LABELS[item.channel]}</td>
                    <td className="break">
                      {item.address}
                      {item.hasSecret && <span className="muted small">（已设签名密钥）</span>}
                    </td>
                    <td>{item.kinds.map((kind) => KIND_LABELS[kind]).join('、')}</td>
                    <td>{item.quietHours ? '只发紧急督办' : '照常发送'}</td>
                    <td>{item.enabled ? '启用' : '已停用'}</td>
                    <td className="row-actions">
                      <button
                        type="button"
                        onClick={() => void toggle(item)}
                        aria-label={`${item.enabled ? '停用' : '启用'} ${unit} 的${CHANNEL_LABELS[item.channel]}订阅`}
                      >
                        {item.enabled ? '停用' : '启用'}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => remove(item)}
                        aria-label={`删除 ${unit} 的${CHANNEL_LABELS[item.channel]}订阅`}
                      >
                        删除
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <NewSubscription onCreated={list.reload} />
    </section>
  );
}

function NewSubscription({ onCreated }: { onCreated: () => void }) {
  const [unitCode, setUnitCode] = useState('');
  const [channel, setChannel] = useState<SubscriptionChannel>('email');
  const [address, setAddress] = useState('');
  const [secret, setSecret] = useState('');
  const [kinds, setKinds] = useState<NotificationKind[]>(DEFAULT_KINDS);
  const [quietHours, setQuietHours] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signed = channel === 'webhook' || channel === 'dingtalk';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    if (kinds.length === 0) {
      setError('请至少选择一种消息类型');
      return;
    }
    setBusy(true);
    try {
      await ok(
        api.POST('/api/notifications/subscriptions', {
          body: {
            unitCode: unitCode.trim(),
            channel,
            address: address.trim(),
            ...(signed && secret ? { secret } : {}),
            kinds,
            quietHours,
            enabled: true,
          },
        }),
      );
      setSaved(`已为单位 ${unitCode.trim()} 添加${CHANNEL_LABELS[channel]}订阅`);
      setAddress('');
      setSecret('');
      onCreated();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const toggleKind = (kind: NotificationKind, on: boolean) =>
    setKinds((current) => (on ? [...current, kind] : current.filter((k) => k !== kind)));

  return (
    <form className="subscription-form" aria-labelledby="new-subscription-heading" onSubmit={(e) => void submit(e)}>
      <h3 id="new-subscription-heading">添加订阅</h3>
      <div className="form-grid">
        <label>
          单位代码
          <input
            required
            value={unitCode}
            onChange={(e) => setUnitCode(e.target.value)}
            placeholder="如 141000"
            inputMode="numeric"
          />
        </label>
        <label>
          渠道
          <select value={channel} onChange={(e) => setChannel(e.target.value as SubscriptionChannel)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          地址
          <input
            required
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            placeholder={ADDRESS_HINTS[channel]}
          />
        </label>
        {signed && (
          <label className="wide">
            签名密钥（可选，保存后不再显示）
            <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
          </label>
        )}
      </div>
      <fieldset>
        <legend>接收的消息类型</legend>
        <div className="checks">
          {KINDS.map((kind) => (
            <label key={kind} className="check">
              <input
                type="checkbox"
                checked={kinds.includes(kind)}
                onChange={(e) => toggleKind(kind, e.target.checked)}
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={quietHours} onChange={(e) => setQuietHours(e.target.checked)} />
        非工作时间（工作日 8:30–18:00 以外）只发紧急督办，其余顺延到下一个工作时间
      </label>
      <ErrorNote error={error} />
      {saved && (
        <p className="ok" role="status">
          {saved}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? '正在保存…' : '添加订阅'}
        </button>
      </div>
    </form>
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

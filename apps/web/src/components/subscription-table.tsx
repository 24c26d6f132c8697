import type { ApiSchemas } from '@cascade/api-client';
import { CHANNEL_LABELS, KIND_LABELS } from '../notification-labels';

type Subscription = ApiSchemas['SubscriptionDto'];

/** Subscriptions with 启用/停用, 非工作时间 and 删除 in place; `ownerOf` names whose each is, when it varies. */
export function SubscriptionTable({
  items,
  ownerOf,
  onChange,
  onRemove,
}: {
  items: Subscription[];
  ownerOf?: (item: Subscription) => string;
  onChange: (item: Subscription, change: { enabled: boolean }) => Promise<void>;
  onRemove: (item: Subscription) => Promise<void>;
}) {
  if (items.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="订阅列表">
        <thead>
          <tr>
            {ownerOf && <th scope="col">接收方</th>}
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
            const what = `${ownerOf ? `${ownerOf(item)} 的` : ''}${CHANNEL_LABELS[item.channel]}订阅（${item.address}）`;
            return (
              <tr key={item.id} data-testid="subscription-row">
                {ownerOf && <td>{ownerOf(item)}</td>}
                <td>{CHANNEL_LABELS[item.channel]}</td>
                <td className="break">
                  {item.address}
                  {item.hasSecret && <span className="muted small">（已设密钥）</span>}
                </td>
                <td>{item.kinds.map((kind) => KIND_LABELS[kind]).join('、')}</td>
                <td>{item.quietHours ? '只发紧急督办' : '照常发送'}</td>
                <td>{item.enabled ? '启用' : '已停用'}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    onClick={() => void onChange(item, { enabled: !item.enabled })}
                    aria-label={`${item.enabled ? '停用' : '启用'} ${what}`}
                  >
                    {item.enabled ? '停用' : '启用'}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (confirm(`删除${what}？`)) void onRemove(item);
                    }}
                    aria-label={`删除 ${what}`}
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
  );
}

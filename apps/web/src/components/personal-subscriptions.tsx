import { api, ok } from '../api';
import { usePoll } from '../hooks';
import { useAction } from '../use-action';
import { CHANNEL_LABELS, type SubscriptionChannel } from '../notification-labels';
import { ErrorNote } from './bits';
import { SubscriptionForm, type SubscriptionValues } from './subscription-form';
import { SubscriptionTable } from './subscription-table';

const PERSONAL_CHANNELS: SubscriptionChannel[] = ['email', 'sms'];

/** 我的接收方式: the signed-in person's own mailbox or mobile, besides the 消息中心. */
export function PersonalSubscriptions() {
  const list = usePoll(() => ok(api.GET('/api/me/subscriptions')), 'me/subscriptions', 60_000);
  const { error, run } = useAction(list.reload);

  const create = async (values: SubscriptionValues) => {
    await ok(
      api.POST('/api/me/subscriptions', {
        body: {
          channel: values.channel as 'email' | 'sms',
          address: values.address,
          kinds: values.kinds,
          quietHours: values.quietHours,
        },
      }),
    );
    list.reload();
    return `已添加：${CHANNEL_LABELS[values.channel]} ${values.address}`;
  };

  const items = list.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="personal-subscriptions-heading">
      <h2 id="personal-subscriptions-heading">我的接收方式</h2>
      <p className="muted small">
        本单位的消息都在消息中心；在这里添加本人的邮箱或手机号，催办、督办等消息也会发到那里。
      </p>
      <ErrorNote error={error ?? list.error} />
      {list.data && items.length === 0 && <p className="empty">只在消息中心接收。</p>}
      <SubscriptionTable
        items={items}
        onChange={(item, change) =>
          run(() => ok(api.PATCH('/api/me/subscriptions/{id}', { params: { path: { id: item.id } }, body: change })))
        }
        onRemove={(item) =>
          run(() => ok(api.DELETE('/api/me/subscriptions/{id}', { params: { path: { id: item.id } } })))
        }
      />
      <SubscriptionForm title="添加接收方式" channels={PERSONAL_CHANNELS} askUnit={false} onSubmit={create} />
    </section>
  );
}

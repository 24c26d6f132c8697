import { type FormEvent, useState } from 'react';
import { errorText } from '../api';
import {
  ADDRESS_HINTS,
  CHANNEL_LABELS,
  KIND_LABELS,
  type NotificationKind,
  type SubscriptionChannel,
} from '../notification-labels';
import { ErrorNote } from './bits';

const KINDS = Object.keys(KIND_LABELS) as NotificationKind[];
const DEFAULT_KINDS: NotificationKind[] = ['DELIVERED', 'REMINDER', 'URGED', 'ESCALATION', 'REPORT_RETURNED'];

/** What the form collects; `unitCode` only where a unit is chosen, `secret` only for signed channels. */
export interface SubscriptionValues {
  unitCode: string;
  channel: SubscriptionChannel;
  address: string;
  secret: string;
  kinds: NotificationKind[];
  quietHours: boolean;
}

/**
 * 添加订阅: channel, address, the kinds to receive and quiet hours, for a unit (the administrator, `askUnit`)
 * or for the signed-in person. `onSubmit` resolves with the line to confirm, or throws the API's refusal.
 */
export function SubscriptionForm({
  title,
  channels,
  askUnit,
  onSubmit,
}: {
  title: string;
  channels: SubscriptionChannel[];
  askUnit: boolean;
  onSubmit: (values: SubscriptionValues) => Promise<string>;
}) {
  const [unitCode, setUnitCode] = useState('');
  const [channel, setChannel] = useState<SubscriptionChannel>(channels[0]);
  const [address, setAddress] = useState('');
  const [secret, setSecret] = useState('');
  const [kinds, setKinds] = useState<NotificationKind[]>(DEFAULT_KINDS);
  const [quietHours, setQuietHours] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signed = channel === 'webhook' || channel === 'dingtalk';
  const headingId = `${title}-heading`;

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
      setSaved(
        await onSubmit({ unitCode: unitCode.trim(), channel, address: address.trim(), secret, kinds, quietHours }),
      );
      setAddress('');
      setSecret('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const toggleKind = (kind: NotificationKind, on: boolean) =>
    setKinds((current) => (on ? [...current, kind] : current.filter((k) => k !== kind)));

  return (
    <form className="subscription-form" aria-labelledby={headingId} onSubmit={(e) => void submit(e)}>
      <h3 id={headingId}>{title}</h3>
      <div className="form-grid">
        {askUnit && (
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
        )}
        <label>
          渠道
          <select value={channel} onChange={(e) => setChannel(e.target.value as SubscriptionChannel)}>
            {channels.map((c) => (
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
            {channel === 'webhook' ? '签名密钥（必填，保存后不再显示）' : '加签密钥（可选，保存后不再显示）'}
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
          {busy ? '正在保存…' : title}
        </button>
      </div>
    </form>
  );
}

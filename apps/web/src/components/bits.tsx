import { useEffect, useState } from 'react';
import { assignmentStatusLabel } from '@cascade/contracts/status-labels';
import { ESCALATION_LABELS, formatDateTime, workdaysLeft } from '../format';

export function StatusBadge({ status, overdue }: { status: string; overdue?: boolean }) {
  return (
    <span className={`badge status-${status.toLowerCase()}${overdue ? ' overdue' : ''}`}>
      {assignmentStatusLabel(status)}
      {overdue ? ' · 逾期' : ''}
    </span>
  );
}

export function EscalationBadge({ level }: { level: number }) {
  if (level < 1) return null;
  return (
    <span className={`badge escalation escalation-${level}`} title={`督办级别 ${level}`}>
      {ESCALATION_LABELS[level] ?? `督办 ${level}`}
    </span>
  );
}

/** Re-renders every 30 s so "剩余 N 个工作日" stays true on a page left open. */
function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A deadline in Beijing time with the working days left (or how late it is). */
export function Deadline({ iso, done }: { iso: string; done?: boolean }) {
  const now = useNow();
  const left = workdaysLeft(iso, now);
  return (
    <span className="deadline">
      <time dateTime={iso}>{formatDateTime(iso)}</time>
      {!done && <span className={`left left-${left.tone}`}>{left.text}</span>}
    </span>
  );
}

export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

/** 期限从 / 期限至: the deadline range of a list's filters, as days. */
export function DeadlineRangeFields({
  idPrefix,
  from,
  to,
  onFrom,
  onTo,
}: {
  idPrefix: string;
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
}) {
  return (
    <>
      <div>
        <label htmlFor={`${idPrefix}-from`}>期限从</label>
        <input id={`${idPrefix}-from`} type="date" value={from} onChange={(e) => onFrom(e.target.value)} />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-to`}>期限至</label>
        <input id={`${idPrefix}-to`} type="date" value={to} onChange={(e) => onTo(e.target.value)} />
      </div>
    </>
  );
}

/** Why a form's submit button is disabled, next to it (and named by it with aria-describedby); null when it is not. */
export function DisabledReason({ id, reason }: { id: string; reason: string | null }) {
  if (!reason) return null;
  return (
    <span id={id} className="muted small disabled-reason" data-testid="disabled-reason">
      {reason}
    </span>
  );
}

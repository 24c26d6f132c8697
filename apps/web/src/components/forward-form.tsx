import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { assessForward } from '@cascade/domain/budgeting/level-budget';
import { api, type DirectiveDetail, type InboxItem, ok, type UnitChild } from '../api';
import { calendar, formatDateTime, fromShanghaiInput, toShanghaiInput, toShanghaiIso } from '../format';
import { useSession } from '../session';
import { DisabledReason, ErrorNote } from './bits';
import { type BuilderField, fieldSummary, FormBuilder, toFormField } from './form-builder';
import type { ReportForm } from './form-draft';
import { useAction } from '../hooks';

/** 转发: recipients pre-filled with the unit's subordinates, an internal deadline proposed by the level budget. */
export function ForwardForm({ item, onDone, onCancel }: { item: InboxItem; onDone: () => void; onCancel: () => void }) {
  const { me } = useSession();
  const id = useId();
  const [children, setChildren] = useState<UnitChild[] | null>(null);
  const [directive, setDirective] = useState<DirectiveDetail | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [docNumber, setDocNumber] = useState('');
  const [title, setTitle] = useState('');
  const [deadline, setDeadline] = useState('');
  const [ownFields, setOwnFields] = useState<BuilderField[]>([]);
  const { busy, error, setError, run } = useAction();
  const [openedAt] = useState(() => new Date());

  const parentDeadline = useMemo(() => new Date(item.deadline), [item.deadline]);
  const levelsBelow = children?.some((c) => c.hasChildren) ? 2 : 1;

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      ok(api.GET('/api/units/{code}/children', { params: { path: { code: me.unitCode } } })),
      ok(api.GET('/api/directives/{id}', { params: { path: { id: item.directiveId } } })),
    ])
      .then(([units, detail]) => {
        if (cancelled) return;
        setChildren(units);
        setSelected(new Set(units.filter((u) => u.level !== 'member').map((u) => u.code)));
        setDirective(detail);
        setTitle(`关于转发《${detail.title}》的通知`);
        const proposal = assessForward({
          parentDeadline,
          forwardDeadline: parentDeadline,
          forwardedAt: openedAt,
          levelsBelow: units.some((u) => u.hasChildren) ? 2 : 1,
          calendar,
        });
        setDeadline(toShanghaiInput(proposal.proposedDeadline));
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [me.unitCode, item.directiveId, parentDeadline, openedAt]);

  const chosen = fromShanghaiInput(deadline);
  const chosenMs = chosen?.getTime() ?? null;
  const assessment = useMemo(() => {
    if (chosenMs === null) return null;
    try {
      return assessForward({
        parentDeadline,
        forwardDeadline: new Date(chosenMs),
        forwardedAt: openedAt,
        levelsBelow,
        calendar,
      });
    } catch {
      return null;
    }
  }, [chosenMs, parentDeadline, openedAt, levelsBelow]);

  const upstreamForm = (directive?.form ?? null) as ReportForm | null;

  const toggle = (code: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return setError('请填写有效的转发期限');
    await run(async () => {
      await ok(
        api.POST('/api/assignments/{id}/forward', {
          params: { path: { id: item.id } },
          body: {
            docNumber: docNumber.trim(),
            title: title.trim(),
            body: directive?.body ?? undefined,
            recipients: [...selected],
            deadline: toShanghaiIso(chosen),
            obligations: directive?.obligations ?? [],
            ...(ownFields.length && upstreamForm
              ? {
                  form: {
                    fields: [...upstreamForm.fields, ...ownFields.map(toFormField)],
                  } as unknown as Record<string, unknown>,
                }
              : {}),
          },
        }),
      );
      onDone();
    });
  };
  const blocked =
    selected.size === 0
      ? '请至少选择一个下级单位。'
      : !docNumber.trim() || !title.trim()
        ? '请填写转发文号和标题。'
        : null;

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={`转发 ${item.docNumber ?? ''}`}>
      <div className="grid-2">
        <div>
          <label htmlFor={`${id}-doc`}>转发文号</label>
          <input
            id={`${id}-doc`}
            value={docNumber}
            onChange={(e) => setDocNumber(e.target.value)}
            placeholder="如 临市民函〔2024〕89号"
            required
          />
        </div>
        <div>
          <label htmlFor={`${id}-deadline`}>下级报送期限（北京时间）</label>
          <input
            id={`${id}-deadline`}
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            required
          />
        </div>
      </div>
      <label htmlFor={`${id}-title`}>标题</label>
      <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required />
      <p className="muted small">
        本单位期限 {formatDateTime(parentDeadline)}
        {assessment && <>；建议下级期限 {formatDateTime(assessment.proposedDeadline)}（预留 1 个工作日汇总）</>}
      </p>
      {assessment && assessment.verdict !== 'ok' && (
        <p className={assessment.verdict === 'impossible' ? 'error' : 'warning'} role="alert">
          {assessment.verdict === 'squeezed' ? '层层加码提醒：' : ''}
          {assessment.message}
        </p>
      )}
      {assessment && assessment.verdict === 'ok' && <p className="success small">{assessment.message}</p>}
      <fieldset>
        <legend>主送单位（本单位下级，已预选）</legend>
        {children === null && !error && <p className="muted">正在加载下级单位…</p>}
        {children?.length === 0 && <p className="muted">本单位没有下级单位，无法转发。</p>}
        <div className="checks">
          {children?.map((unit) => (
            <label key={unit.code} className="check">
              <input type="checkbox" checked={selected.has(unit.code)} onChange={() => toggle(unit.code)} /> {unit.name}
            </label>
          ))}
        </div>
      </fieldset>
      {upstreamForm && upstreamForm.fields.length > 0 && (
        <fieldset aria-labelledby={`${id}-form-legend`}>
          <legend id={`${id}-form-legend`}>填报表</legend>
          <p className="muted small">上级填报表的字段随转发下发，不能删除或修改：</p>
          <ul className="upstream-fields" aria-label="上级填报项">
            {upstreamForm.fields.map((field) => (
              <li key={field.key}>
                <strong>{field.label}</strong> <span className="muted small">{fieldSummary(field)}</span>
              </li>
            ))}
          </ul>
          <p className="muted small">本单位可增设填报项，向下级收集，不向上级报送：</p>
          <FormBuilder
            fields={ownFields}
            onChange={setOwnFields}
            idPrefix={`${id}-own`}
            keyPrefix="own"
            takenKeys={upstreamForm.fields.map((f) => f.key)}
            addLabel="增设填报项"
          />
        </fieldset>
      )}
      <ErrorNote error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || Boolean(blocked)}
          aria-describedby={blocked ? `${id}-blocked` : undefined}
        >
          {busy ? '转发中…' : `转发给 ${selected.size} 个单位`}
        </button>
        <button type="button" onClick={onCancel}>
          取消
        </button>
        <DisabledReason id={`${id}-blocked`} reason={blocked} />
      </div>
    </form>
  );
}

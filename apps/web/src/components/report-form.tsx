import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { api, ApiError, type AssignmentState, errorText, ok, uploadFile } from '../api';
import { DisabledReason, ErrorNote } from './bits';
import { FormFill, type SubtreeFigures } from './form-fill';
import {
  draftOf,
  fieldErrors,
  type FieldErrors,
  type FormDraft,
  type FormTotals,
  type FormValues,
  isNumberField,
  parseNumber,
  type ReportForm as FormDefinition,
  totalText,
  valuesOf,
  zeroDraft,
} from './form-draft';

/** The assignment a 报送 is for: an inbox item or the 处理笺's assignment both fit. */
export interface ReportTarget {
  id: string;
  docNumber?: string | null;
  title?: string | null;
}

interface LoadedForm {
  form: FormDefinition | null;
  values: FormValues | null;
  /** The forward's form when the unit has subordinates (its own added fields included). */
  subtreeForm: FormDefinition | null;
  subtreeTotals: FormTotals | null;
  units: number;
  reportedUnits: number;
}

/** Reported totals as typed, prefilled with the subordinates' sums. */
function totalsDraft(form: FormDefinition, totals: FormTotals): Record<string, string> {
  const typed: Record<string, string> = {};
  for (const field of form.fields)
    if (isNumberField(field) && typeof totals[field.key] === 'number') typed[field.key] = String(totals[field.key]);
  return typed;
}

/** The numeric fields whose typed total differs from the subordinates' sum. */
function differing(form: FormDefinition, typed: Record<string, string>, totals: FormTotals): string[] {
  return form.fields
    .filter((f) => isNumberField(f) && (typed[f.key] ?? '').trim() !== '')
    .filter((f) => parseNumber(typed[f.key]!) !== ((totals[f.key] as number | undefined) ?? 0))
    .map((f) => f.label);
}

/**
 * 报送: text, files, and the 填报表 when the directive has one — own values, and for a unit with
 * subordinates their totals beside each value, with a 说明 required when the reported totals differ.
 */
export function ReportForm({
  item,
  onDone,
  onCancel,
}: {
  item: ReportTarget;
  /** Called with the assignment's state after the report. */
  onDone: (answer: AssignmentState) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [content, setContent] = useState('');
  const [zero, setZero] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [loaded, setLoaded] = useState<LoadedForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<FormDraft>({});
  const [reportedTotals, setReportedTotals] = useState<Record<string, string>>({});
  const [explanation, setExplanation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Fields changed since the last refusal: their messages no longer describe what is typed.
  const [edited, setEdited] = useState<Set<string>>(new Set());

  useEffect(() => {
    let cancelled = false;
    ok(api.GET('/api/assignments/{id}/form', { params: { path: { id: item.id } } }))
      .then((answer) => {
        if (cancelled) return;
        const next = answer as unknown as LoadedForm;
        setLoaded(next);
        if (next.form) setDraft(draftOf(next.form, next.values));
        if (next.form && next.subtreeTotals) setReportedTotals(totalsDraft(next.form, next.subtreeTotals));
      })
      .catch((e: unknown) => !cancelled && setLoadError(errorText(e)));
    return () => {
      cancelled = true;
    };
  }, [item.id]);

  const form = loaded?.form ?? null;
  const hasSubtree = Boolean(form && loaded?.subtreeForm && loaded.subtreeTotals);
  const differs = useMemo(
    () => (form && hasSubtree && loaded?.subtreeTotals ? differing(form, reportedTotals, loaded.subtreeTotals) : []),
    [form, hasSubtree, loaded, reportedTotals],
  );
  const explanationShown = differs.length > 0;

  const paths = useMemo(() => {
    const known = new Set<string>(['explanation']);
    for (const f of form?.fields ?? []) {
      known.add(f.key);
      known.add(`totals.${f.key}`);
    }
    return known;
  }, [form]);
  const shown = (path: string) => paths.has(path) || /^[A-Za-z]\w*\[\d+\]\.\w+$/.test(path);
  const current = fieldErrors(error, shown);
  const errors: FieldErrors = {
    rest: current.rest,
    byPath: Object.fromEntries(
      Object.entries(current.byPath).filter(([path]) => !edited.has(path.replace(/\[.*$/, ''))),
    ),
  };
  const markEdited = (keys: string[]) => {
    if (keys.length) setEdited((done) => new Set([...done, ...keys]));
  };
  const changeDraft = (next: FormDraft) => {
    markEdited(Object.keys(next).filter((key) => next[key] !== draft[key]));
    setDraft(next);
  };
  const changeTotals = (next: Record<string, string>) => {
    markEdited(
      Object.keys(next)
        .filter((key) => next[key] !== reportedTotals[key])
        .map((key) => `totals.${key}`),
    );
    setReportedTotals(next);
  };

  const subtree: SubtreeFigures | null =
    hasSubtree && loaded?.subtreeTotals
      ? {
          totals: loaded.subtreeTotals,
          reported: reportedTotals,
          onReported: changeTotals,
          units: loaded.units,
          reportedUnits: loaded.reportedUnits,
        }
      : null;
  const ownAdded = (loaded?.subtreeForm?.fields ?? []).filter((f) => !form?.fields.some((g) => g.key === f.key));

  const fillZeros = () => {
    if (!form) return;
    changeDraft(zeroDraft(form, draft));
    setZero(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setEdited(new Set());
    try {
      // 报送材料 first: the report names the uploaded files by id.
      const fileIds: string[] = [];
      for (const file of files) fileIds.push(await uploadFile(file));
      const totals: FormValues = {};
      if (form && subtree)
        for (const field of form.fields)
          if (isNumberField(field) && (reportedTotals[field.key] ?? '').trim())
            totals[field.key] = parseNumber(reportedTotals[field.key]!);
      const answer = await ok(
        api.POST('/api/assignments/{id}/report', {
          params: { path: { id: item.id } },
          body: {
            content,
            zeroReport: zero,
            ...(fileIds.length ? { fileIds } : {}),
            ...(form ? { values: valuesOf(form, draft) } : {}),
            ...(Object.keys(totals).length ? { totals } : {}),
            ...(explanationShown && explanation.trim() ? { explanation: explanation.trim() } : {}),
          },
        }),
      );
      onDone(answer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const name = item.docNumber ?? item.title ?? '';
  const needsText = !form && !zero && files.length === 0;
  const blocked = needsText && !content.trim() ? '请填写报送内容、上传材料，或勾选无则报零。' : null;
  const generalError =
    error === null
      ? null
      : error instanceof ApiError && error.fields.length > 0
        ? [error.message, ...errors.rest].join('；')
        : errorText(error);
  return (
    <form className="inline-form report-form" onSubmit={(e) => void submit(e)} aria-label={`报送 ${name}`} noValidate>
      {!loaded && !loadError && (
        <p className="muted small" role="status">
          正在加载填报表…
        </p>
      )}
      <ErrorNote error={loadError} />
      {form && (
        <fieldset className="form-fieldset">
          <legend>填报表{zero ? '（无则报零）' : ''}</legend>
          <p className="muted small">
            带 <span className="required-mark">*</span> 的为必填项。
          </p>
          <FormFill
            form={form}
            draft={draft}
            onChange={changeDraft}
            errors={errors.byPath}
            idPrefix={id}
            subtree={subtree}
            disabled={busy}
          />
          {ownAdded.length > 0 && loaded?.subtreeTotals && (
            <div className="form-own-added">
              <h4>本单位增设的填报项（向下级收集，不向上报送）</h4>
              <ul>
                {ownAdded.map((f) => (
                  <li key={f.key}>
                    {f.label}：下级合计 {totalText(f, loaded.subtreeTotals?.[f.key])}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {(explanationShown || errors.byPath.explanation) && (
            <div className="form-explanation">
              <label htmlFor={`${id}-explanation`}>
                说明<span className="required-mark"> *</span>（{differs.join('、') || '下级合计'}
                与下级报送的数据不一致，请说明原因）
              </label>
              <textarea
                id={`${id}-explanation`}
                rows={3}
                value={explanation}
                maxLength={2000}
                aria-required
                onChange={(e) => {
                  markEdited(['explanation']);
                  setExplanation(e.target.value);
                }}
              />
              {errors.byPath.explanation && <p className="field-error">{errors.byPath.explanation}</p>}
            </div>
          )}
          <div className="form-actions">
            <button
              type="button"
              onClick={zero ? () => setZero(false) : fillZeros}
              disabled={busy}
              aria-pressed={zero}
              aria-label={zero ? `取消无则报零 ${name}` : `无则报零 ${name}`}
            >
              {zero ? '取消无则报零' : '无则报零'}
            </button>
            {zero && (
              <span className="muted small" role="status">
                各数字项已填 0，将按无则报零报送
              </span>
            )}
          </div>
        </fieldset>
      )}
      <label htmlFor={`${id}-content`}>报送内容{form ? '（可不填）' : ''}</label>
      <textarea
        id={`${id}-content`}
        rows={form ? 2 : 4}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        required={needsText}
        placeholder="本单位贯彻落实情况…"
      />
      <label htmlFor={`${id}-files`}>报送材料（电子版）</label>
      <input id={`${id}-files`} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
      {!form && (
        <label className="check">
          <input type="checkbox" checked={zero} onChange={(e) => setZero(e.target.checked)} /> 无则报零
        </label>
      )}
      <ErrorNote error={generalError} />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || Boolean(blocked)}
          aria-label={`提交报送 ${name}`}
          aria-describedby={blocked ? `${id}-blocked` : undefined}
        >
          {busy ? '报送中…' : '提交报送'}
        </button>
        <button type="button" onClick={onCancel}>
          取消
        </button>
        <DisabledReason id={`${id}-blocked`} reason={blocked} />
      </div>
    </form>
  );
}

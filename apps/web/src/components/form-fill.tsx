import {
  boundsText,
  type DraftRow,
  type DraftScalar,
  emptyRow,
  type FormDraft,
  type FormField,
  type FormTotals,
  isNumberField,
  type ReportForm,
  type ScalarField,
  totalText,
} from './form-draft';

/** What a unit with subordinates sees beside its own values: their totals, and the totals it reports. */
export interface SubtreeFigures {
  totals: FormTotals;
  /** The totals it reports, as typed (numbers only), prefilled with `totals`. */
  reported: Record<string, string>;
  onReported: (reported: Record<string, string>) => void;
  units: number;
  reportedUnits: number;
}

interface FillProps {
  form: ReportForm;
  draft: FormDraft;
  onChange: (draft: FormDraft) => void;
  /** Messages by path (`activities`, `teams[0].name`, `totals.activities`). */
  errors: Record<string, string>;
  idPrefix: string;
  subtree?: SubtreeFigures | null;
  disabled?: boolean;
}

const UNIT_HINT = (field: ScalarField) => ('unit' in field && field.unit ? field.unit : '');

function ScalarInput({
  field,
  value,
  onChange,
  id,
  label,
  describedBy,
  invalid,
  disabled,
}: {
  field: ScalarField;
  value: DraftScalar;
  onChange: (value: DraftScalar) => void;
  id: string;
  /** Accessible name when no visible <label> is tied to the input (table cells). */
  label?: string;
  describedBy?: string;
  invalid: boolean;
  disabled?: boolean;
}) {
  const common = {
    id,
    'aria-label': label,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    'aria-required': field.required || undefined,
    disabled,
  };
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return (
        <span className="form-number">
          <input
            {...common}
            type="text"
            inputMode={field.type === 'integer' ? 'numeric' : 'decimal'}
            autoComplete="off"
            value={value as string}
            onChange={(e) => onChange(e.target.value)}
          />
          {UNIT_HINT(field) && <span className="form-unit">{UNIT_HINT(field)}</span>}
        </span>
      );
    case 'text':
      return (
        <input
          {...common}
          type="text"
          maxLength={field.maxLength}
          value={value as string}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'date':
      return <input {...common} type="date" value={value as string} onChange={(e) => onChange(e.target.value)} />;
    case 'single':
      return (
        <select {...common} value={value as string} onChange={(e) => onChange(e.target.value)}>
          <option value="">请选择</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'multiple': {
      const chosen = new Set(Array.isArray(value) ? value : []);
      return (
        <span className="form-options" role="group" id={id} aria-label={label} aria-describedby={describedBy}>
          {field.options.map((o) => (
            <label key={o} className="check">
              <input
                type="checkbox"
                checked={chosen.has(o)}
                disabled={disabled}
                onChange={() => onChange(field.options.filter((x) => (x === o ? !chosen.has(o) : chosen.has(x))))}
              />{' '}
              {o}
            </label>
          ))}
        </span>
      );
    }
  }
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}

function Label({ field, htmlFor, id }: { field: FormField; htmlFor?: string; id?: string }) {
  const unit = 'unit' in field && field.unit ? `（${field.unit}）` : '';
  const content = (
    <>
      {field.label}
      {unit}
      {field.required && (
        <span className="required-mark" title="必填">
          {' '}
          *<span className="visually-hidden">必填</span>
        </span>
      )}
    </>
  );
  return htmlFor ? (
    <label htmlFor={htmlFor} id={id}>
      {content}
    </label>
  ) : (
    <span className="form-label" id={id}>
      {content}
    </span>
  );
}

function TableInput({
  field,
  rows,
  onChange,
  errors,
  id,
  disabled,
}: {
  field: Extract<FormField, { type: 'table' }>;
  rows: DraftRow[];
  onChange: (rows: DraftRow[]) => void;
  errors: Record<string, string>;
  id: string;
  disabled?: boolean;
}) {
  const setCell = (i: number, key: string, value: DraftScalar) =>
    onChange(rows.map((row, j) => (j === i ? { ...row, [key]: value } : row)));
  const full = field.maxRows !== undefined && rows.length >= field.maxRows;
  return (
    <div className="form-table">
      {rows.length > 0 && (
        <div className="table-wrap">
          <table aria-labelledby={`${id}-label`}>
            <thead>
              <tr>
                <th scope="col">序号</th>
                {field.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                    {c.type === 'integer' || c.type === 'decimal' ? (c.unit ? `（${c.unit}）` : '') : ''}
                    {c.required && <span className="required-mark"> *</span>}
                  </th>
                ))}
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  <td className="num">{i + 1}</td>
                  {field.columns.map((c) => {
                    const path = `${field.key}[${i}].${c.key}`;
                    return (
                      <td key={c.key}>
                        <ScalarInput
                          field={c}
                          value={row[c.key] ?? (c.type === 'multiple' ? [] : '')}
                          onChange={(v) => setCell(i, c.key, v)}
                          id={`${id}-r${i}-${c.key}`}
                          label={`${field.label}第 ${i + 1} 行${c.label}`}
                          describedBy={errors[path] ? `${id}-r${i}-${c.key}-error` : undefined}
                          invalid={Boolean(errors[path])}
                          disabled={disabled}
                        />
                        <FieldError id={`${id}-r${i}-${c.key}-error`} message={errors[path]} />
                      </td>
                    );
                  })}
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      disabled={disabled}
                      onClick={() => onChange(rows.filter((_, j) => j !== i))}
                      aria-label={`删除${field.label}第 ${i + 1} 行`}
                    >
                      删除
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length === 0 && <p className="muted small">暂无，没有可不填。</p>}
      <button type="button" disabled={disabled || full} onClick={() => onChange([...rows, emptyRow(field)])}>
        添加一行<span className="visually-hidden">{field.label}</span>
      </button>
    </div>
  );
}

/** 下级合计 beside an own value: the sum of the subordinates' reports, and for numbers the total reported. */
function SubtreeCell({
  field,
  subtree,
  id,
  error,
}: {
  field: FormField;
  subtree: SubtreeFigures;
  id: string;
  error?: string;
}) {
  const total = subtree.totals[field.key];
  if (isNumberField(field)) {
    const typed = subtree.reported[field.key] ?? '';
    return (
      <div className="form-subtree">
        <label htmlFor={`${id}-total`}>
          下级合计<span className="visually-hidden">（{field.label}）</span>
        </label>
        <span className="form-number">
          <input
            id={`${id}-total`}
            type="text"
            inputMode={field.type === 'integer' ? 'numeric' : 'decimal'}
            autoComplete="off"
            value={typed}
            aria-invalid={Boolean(error) || undefined}
            aria-describedby={`${id}-computed${error ? ` ${id}-total-error` : ''}`}
            onChange={(e) => subtree.onReported({ ...subtree.reported, [field.key]: e.target.value })}
          />
          {'unit' in field && field.unit && <span className="form-unit">{field.unit}</span>}
        </span>
        <p className="muted small" id={`${id}-computed`}>
          下级报送合计 <span data-testid={`subtree-${field.key}`}>{totalText(field, total)}</span>
        </p>
        <FieldError id={`${id}-total-error`} message={error} />
      </div>
    );
  }
  if (field.type === 'text' || field.type === 'date') return null;
  return (
    <div className="form-subtree">
      <span className="form-label">下级合计</span>
      <p className="small" data-testid={`subtree-${field.key}`}>
        {totalText(field, total)}
      </p>
    </div>
  );
}

/** The inputs of a 填报表: one per field by its type, required marks, bounds, messages at each field. */
export function FormFill({ form, draft, onChange, errors, idPrefix, subtree, disabled }: FillProps) {
  return (
    <div className="form-fill">
      {subtree && (
        <p className="muted small" data-testid="subtree-units">
          下级单位 {subtree.units} 个，已报送 {subtree.reportedUnits} 个；“下级合计”按下级已报送的数据自动汇总。
        </p>
      )}
      {form.fields.map((field) => {
        const id = `${idPrefix}-${field.key}`;
        const bounds = boundsText(field);
        const error = errors[field.key];
        const described = [bounds ? `${id}-bounds` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
        const value = draft[field.key];
        return (
          <div
            key={field.key}
            className={`form-field${subtree ? ' with-subtree' : ''}${error ? ' invalid' : ''}`}
            data-field={field.key}
          >
            <div className="form-own">
              {field.type === 'table' ? (
                <Label field={field} id={`${id}-label`} />
              ) : (
                <Label field={field} htmlFor={id} />
              )}
              {field.type === 'table' ? (
                <TableInput
                  field={field}
                  rows={Array.isArray(value) ? (value as DraftRow[]) : []}
                  onChange={(rows) => onChange({ ...draft, [field.key]: rows })}
                  errors={errors}
                  id={id}
                  disabled={disabled}
                />
              ) : (
                <ScalarInput
                  field={field}
                  value={(value as DraftScalar | undefined) ?? (field.type === 'multiple' ? [] : '')}
                  onChange={(v) => onChange({ ...draft, [field.key]: v })}
                  id={id}
                  label={field.type === 'multiple' ? field.label : undefined}
                  describedBy={described || undefined}
                  invalid={Boolean(error)}
                  disabled={disabled}
                />
              )}
              {bounds && (
                <p className="muted small" id={`${id}-bounds`}>
                  {bounds}
                </p>
              )}
              <FieldError id={`${id}-error`} message={error} />
            </div>
            {subtree && <SubtreeCell field={field} subtree={subtree} id={id} error={errors[`totals.${field.key}`]} />}
          </div>
        );
      })}
    </div>
  );
}

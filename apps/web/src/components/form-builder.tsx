import { FORM_UNITS } from '@cascade/contracts/report-form';
import { boundsText, type FormField, type ReportForm, type ScalarField } from './form-draft';

/** A field while the issuer designs it: numbers and lists as typed, turned into a FormField on issue. */
export interface BuilderField {
  uid: string;
  key: string;
  label: string;
  kind: 'number' | 'text' | 'single' | 'multiple' | 'date' | 'table';
  required: boolean;
  integer: boolean;
  unit: string;
  min: string;
  max: string;
  maxLength: string;
  /** Choices, one per line. */
  options: string;
  columns: BuilderField[];
  /** Why the page proposed it (the quota sentence of the notice). */
  proposedFrom?: string;
}

const KINDS: Record<BuilderField['kind'], string> = {
  number: '数字',
  text: '文字',
  single: '单选',
  multiple: '多选',
  date: '日期',
  table: '表格（可加多行）',
};

const TYPE_LABELS: Record<FormField['type'], string> = {
  integer: '整数',
  decimal: '数字',
  text: '文字',
  single: '单选',
  multiple: '多选',
  date: '日期',
  table: '表格',
};

let counter = 0;
const uid = () => `b${++counter}`;

/** A key no other field has: letters and digits, as the API asks of keys. */
export function freshKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

export function newBuilderField(key: string, patch: Partial<BuilderField> = {}): BuilderField {
  return {
    uid: uid(),
    key,
    label: '',
    kind: 'number',
    required: false,
    integer: true,
    unit: '',
    min: '',
    max: '',
    maxLength: '',
    options: '',
    columns: [],
    ...patch,
  };
}

const optionList = (text: string) =>
  text
    .split(/[\n、,，;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** The field the API receives; bounds left empty are left out. */
export function toFormField(field: BuilderField): FormField {
  const base = { key: field.key, label: field.label.trim(), ...(field.required ? { required: true } : {}) };
  switch (field.kind) {
    case 'number': {
      const min = numberOrUndefined(field.min);
      const max = numberOrUndefined(field.max);
      return {
        ...base,
        type: field.integer ? 'integer' : 'decimal',
        ...(field.unit ? { unit: field.unit as (typeof FORM_UNITS)[number] } : {}),
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
    }
    case 'text': {
      const maxLength = numberOrUndefined(field.maxLength);
      return { ...base, type: 'text', ...(maxLength !== undefined ? { maxLength } : {}) };
    }
    case 'single':
    case 'multiple':
      return { ...base, type: field.kind, options: optionList(field.options) };
    case 'date':
      return { ...base, type: 'date' };
    case 'table':
      return { ...base, type: 'table', columns: field.columns.map((c) => toFormField(c) as ScalarField) };
  }
}

export function formOf(fields: BuilderField[]): ReportForm | undefined {
  return fields.length ? { fields: fields.map(toFormField) } : undefined;
}

const QUOTA_UNITS = ['项', '次', '个', '人', '支'] as const;

/**
 * Fields proposed from the notice's quotas: "至少开展1项主题活动" → integer 主题活动数, at least 1 项.
 * Not required: a unit may still report in words, and the issuer decides.
 */
export function quotaProposals(obligations: Record<string, unknown>[], taken: Iterable<string>): BuilderField[] {
  const keys = new Set(taken);
  const proposals: BuilderField[] = [];
  for (const o of obligations) {
    if (o.kind !== 'quota' || typeof o.count !== 'number') continue;
    const what = typeof o.what === 'string' && o.what.trim() ? o.what.trim() : null;
    const text = typeof o.text === 'string' ? o.text : '';
    const label = (what ? `${what}数` : '完成数量').slice(0, 50);
    if (proposals.some((p) => p.label === label)) continue;
    const unit = what ? (QUOTA_UNITS.find((u) => text.includes(`${u}${what}`)) ?? '') : '';
    const key = freshKey('quota', keys);
    keys.add(key);
    proposals.push(
      newBuilderField(key, { label, unit, min: String(o.count), integer: true, proposedFrom: text.trim() }),
    );
  }
  return proposals;
}

/** A field of an upstream form, described in one line for the forward form (read-only). */
export function fieldSummary(field: FormField): string {
  const unit = 'unit' in field && field.unit ? `，单位 ${field.unit}` : '';
  const bounds = boundsText(field);
  const extra =
    field.type === 'single' || field.type === 'multiple'
      ? `：${field.options.join('、')}`
      : field.type === 'table'
        ? `：${field.columns.map((c) => c.label).join('、')}`
        : '';
  return `${TYPE_LABELS[field.type]}${unit}${extra}${bounds ? `，${bounds}` : ''}${field.required ? '，必填' : ''}`;
}

function FieldEditor({
  field,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  idPrefix,
  allowTable,
}: {
  field: BuilderField;
  index: number;
  count: number;
  onChange: (field: BuilderField) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  idPrefix: string;
  allowTable: boolean;
}) {
  const id = `${idPrefix}-${field.uid}`;
  const name = field.label.trim() || `第 ${index + 1} 项`;
  const set = (patch: Partial<BuilderField>) => onChange({ ...field, ...patch });
  return (
    <li className="builder-field" data-testid="builder-field">
      <div className="builder-main">
        <div className="builder-name">
          <label htmlFor={`${id}-label`}>名称</label>
          <input
            id={`${id}-label`}
            value={field.label}
            maxLength={50}
            required
            onChange={(e) => set({ label: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={`${id}-kind`}>类型</label>
          <select
            id={`${id}-kind`}
            value={field.kind}
            onChange={(e) => {
              const kind = e.target.value as BuilderField['kind'];
              // A table needs a column before the API takes it: start it with one to name.
              const columns =
                kind === 'table' && field.columns.length === 0
                  ? [newBuilderField('c1', { kind: 'text' })]
                  : field.columns;
              set({ kind, columns });
            }}
          >
            {Object.entries(KINDS)
              .filter(([kind]) => allowTable || kind !== 'table')
              .map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={field.required} onChange={(e) => set({ required: e.target.checked })} /> 必填
        </label>
      </div>
      {field.proposedFrom && (
        <p className="muted small">
          <span className="badge">据通知建议</span> {field.proposedFrom}
        </p>
      )}
      {field.kind === 'number' && (
        <div className="builder-options">
          <div>
            <label htmlFor={`${id}-unit`}>计量单位</label>
            <select id={`${id}-unit`} value={field.unit} onChange={(e) => set({ unit: e.target.value })}>
              <option value="">无</option>
              {FORM_UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-min`}>下限</label>
            <input id={`${id}-min`} type="number" value={field.min} onChange={(e) => set({ min: e.target.value })} />
          </div>
          <div>
            <label htmlFor={`${id}-max`}>上限</label>
            <input id={`${id}-max`} type="number" value={field.max} onChange={(e) => set({ max: e.target.value })} />
          </div>
          <label className="check">
            <input type="checkbox" checked={field.integer} onChange={(e) => set({ integer: e.target.checked })} />{' '}
            仅限整数
          </label>
        </div>
      )}
      {field.kind === 'text' && (
        <div className="builder-options">
          <div>
            <label htmlFor={`${id}-maxlength`}>最多字数</label>
            <input
              id={`${id}-maxlength`}
              type="number"
              min={1}
              value={field.maxLength}
              onChange={(e) => set({ maxLength: e.target.value })}
            />
          </div>
        </div>
      )}
      {(field.kind === 'single' || field.kind === 'multiple') && (
        <div>
          <label htmlFor={`${id}-options`}>选项（每行一项）</label>
          <textarea
            id={`${id}-options`}
            rows={3}
            value={field.options}
            required
            onChange={(e) => set({ options: e.target.value })}
          />
        </div>
      )}
      {field.kind === 'table' && (
        <fieldset className="builder-columns">
          <legend>“{name}”的列</legend>
          <FieldList
            fields={field.columns}
            onChange={(columns) => set({ columns })}
            idPrefix={id}
            keyPrefix="c"
            allowTable={false}
            addLabel="添加列"
            owner={name}
          />
        </fieldset>
      )}
      <div className="builder-actions">
        <button type="button" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`上移 ${name}`}>
          上移
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`下移 ${name}`}>
          下移
        </button>
        <button type="button" onClick={onRemove} aria-label={`删除 ${name}`}>
          删除
        </button>
      </div>
    </li>
  );
}

function FieldList({
  fields,
  onChange,
  idPrefix,
  keyPrefix,
  allowTable,
  addLabel,
  owner,
  takenKeys = [],
}: {
  fields: BuilderField[];
  onChange: (fields: BuilderField[]) => void;
  idPrefix: string;
  keyPrefix: string;
  allowTable: boolean;
  addLabel: string;
  owner?: string;
  takenKeys?: string[];
}) {
  const move = (i: number, delta: -1 | 1) => {
    const next = [...fields];
    const [moved] = next.splice(i, 1);
    next.splice(i + delta, 0, moved!);
    onChange(next);
  };
  return (
    <>
      {fields.length > 0 && (
        <ol className="builder-list">
          {fields.map((field, i) => (
            <FieldEditor
              key={field.uid}
              field={field}
              index={i}
              count={fields.length}
              onChange={(f) => onChange(fields.map((g) => (g.uid === f.uid ? f : g)))}
              onMove={(delta) => move(i, delta)}
              onRemove={() => onChange(fields.filter((g) => g.uid !== field.uid))}
              idPrefix={idPrefix}
              allowTable={allowTable}
            />
          ))}
        </ol>
      )}
      <button
        type="button"
        onClick={() =>
          onChange([
            ...fields,
            newBuilderField(freshKey(keyPrefix, [...takenKeys, ...fields.map((f) => f.key)]), {
              kind: allowTable ? 'number' : 'text',
            }),
          ])
        }
      >
        {addLabel}
        {owner && <span className="visually-hidden">（{owner}）</span>}
      </button>
    </>
  );
}

/**
 * 填报表设计: add, remove and reorder fields; type, 名称, unit, required, bounds, integer-only, max
 * length, choices, table columns. `takenKeys` are keys of fields it must not reuse (the upstream's).
 */
export function FormBuilder({
  fields,
  onChange,
  idPrefix,
  keyPrefix = 'f',
  takenKeys,
  addLabel = '添加填报项',
}: {
  fields: BuilderField[];
  onChange: (fields: BuilderField[]) => void;
  idPrefix: string;
  keyPrefix?: string;
  takenKeys?: string[];
  addLabel?: string;
}) {
  return (
    <div className="form-builder">
      {fields.length === 0 && <p className="muted small">尚无填报项：下级只报送文字和材料。</p>}
      <FieldList
        fields={fields}
        onChange={onChange}
        idPrefix={idPrefix}
        keyPrefix={keyPrefix}
        allowTable
        addLabel={addLabel}
        takenKeys={takenKeys}
      />
    </div>
  );
}

/** 填报表: the figures a directive asks each receiving unit to fill in its 报送. */

export const FORM_FIELD_TYPES = ['integer', 'decimal', 'text', 'single', 'multiple', 'date', 'table'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** Units of measure a number may carry. */
export const FORM_UNITS = ['次', '人', '个', '项', '支', '万元', '元'] as const;
export type FormUnitOfMeasure = (typeof FORM_UNITS)[number];

/** The scalar types a repeating table's columns may have. */
export type FormScalarType = Exclude<FormFieldType, 'table'>;

interface FieldBase {
  /** Stable key of the field within the form, e.g. `activities`; the values are keyed by it. */
  key: string;
  /** Chinese label shown to users and named in error messages, e.g. 主题活动数. */
  label: string;
  required?: boolean;
}

export interface NumberField extends FieldBase {
  type: 'integer' | 'decimal';
  unit?: FormUnitOfMeasure;
  min?: number;
  max?: number;
  /** Digits after the decimal point a decimal may have; default 2. */
  scale?: number;
}

export interface TextField extends FieldBase {
  type: 'text';
  maxLength?: number;
}

export interface ChoiceField extends FieldBase {
  type: 'single' | 'multiple';
  options: string[];
}

export interface DateField extends FieldBase {
  /** A civil date `YYYY-MM-DD`. */
  type: 'date';
}

export type ScalarField = NumberField | TextField | ChoiceField | DateField;

/** 重复表: one row per item (e.g. per 服务队: 名称, 人数, 成立日期). */
export interface TableField extends FieldBase {
  type: 'table';
  columns: ScalarField[];
  maxRows?: number;
}

export type FormField = (ScalarField | TableField) & {
  /**
   * The unit that added the field when forwarding: it collects it from its subordinates and does not
   * report it upward. Absent on the issuer's own fields.
   */
  addedBy?: string;
};

export interface ReportForm {
  fields: FormField[];
}

export type ScalarValue = number | string | string[] | null;
export type TableRow = Record<string, ScalarValue>;
/** Filled values keyed by field key; a table's value is its rows. */
export type FormValues = Record<string, ScalarValue | TableRow[]>;

import { Fragment, type ReactElement, useState } from 'react';
import type { ApiSchemas } from '@cascade/api-client';
import { api, downloadFile, ok } from '../api';
import { usePoll } from '../hooks';
import { useSession } from '../session';
import { ErrorNote } from './bits';
import type { SelectedUnit } from './issuer-actions';
import {
  type FormField,
  type FormTotals,
  type FormValues,
  formatNumber,
  isNumberField,
  type ReportForm,
  totalText,
  valueText,
} from './form-draft';
import { RollupChart } from './rollup-chart';

type RollupUnit = Omit<ApiSchemas['RollupUnitDto'], 'values' | 'subtreeTotals'> & {
  values: FormValues | null;
  subtreeTotals: FormTotals;
};
interface Rollup {
  form: ReportForm | null;
  units: RollupUnit[];
  total: FormTotals | null;
}

/** The 汇总 is heavier than the page's other reads (every unit of every level): refreshed less often. */
const ROLLUP_POLL_MS = 10_000;

const LEVEL_NAMES = ['一', '二', '三', '四', '五', '六', '七', '八'];
const levelName = (level: number) => `第${LEVEL_NAMES[level - 1] ?? level}级`;

/** A unit's own figure plus its subtree's: the region's total of a number. */
function regionTotal(unit: RollupUnit, key: string): number {
  const own = unit.values?.[key];
  const below = unit.subtreeTotals[key];
  return (typeof own === 'number' ? own : 0) + (typeof below === 'number' ? below : 0);
}

function OwnCell({ field, unit }: { field: FormField; unit: RollupUnit }) {
  const text = unit.reported ? valueText(field, unit.values?.[field.key]) : '';
  return (
    <td className={isNumberField(field) ? 'num' : undefined} data-label={`${field.label}（本单位）`}>
      {text}
    </td>
  );
}

function SubtreeCell({ field, unit }: { field: FormField; unit: RollupUnit }) {
  if (unit.units === 0 || field.type === 'text' || field.type === 'date') return <td />;
  return (
    <td className={isNumberField(field) ? 'num' : undefined} data-label={`${field.label}（下级合计）`}>
      {cellTotal(field, unit.subtreeTotals[field.key])}
    </td>
  );
}

/** A total in a cell: the header names the unit of measure, so a number stands alone. */
const cellTotal = (field: FormField, total: FormTotals[string] | undefined) =>
  typeof total === 'number' ? formatNumber(total) : totalText(field, total);

/**
 * 填报汇总: per level every unit the caller sees with its own figures and its subtree's totals,
 * expandable by region, a grand total, the main figure by region as bars; the 汇总表 downloads for
 * the issuing side.
 */
export function RollupTable({
  directiveId,
  docNumber,
  selected,
  onSelect,
}: {
  directiveId: string;
  docNumber: string;
  selected?: string | null;
  /** Opens a unit's panel: its report and what the issuer may do with it. */
  onSelect?: (unit: SelectedUnit) => void;
}) {
  const { me } = useSession();
  const rollup = usePoll(
    async () =>
      (await ok(
        api.GET('/api/directives/{id}/rollup', { params: { path: { id: directiveId } } }),
      )) as unknown as Rollup,
    directiveId,
    ROLLUP_POLL_MS,
  );
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [downloadError, setDownloadError] = useState<string | null>(null);

  const data = rollup.data;
  if (!data?.form) return rollup.error && !data ? <ErrorNote error={rollup.error} /> : null;
  const { form, units, total } = data;

  const ids = new Set(units.map((u) => u.assignmentId));
  const childrenOf = new Map<string, RollupUnit[]>();
  const tops: RollupUnit[] = [];
  for (const unit of units) {
    if (unit.parentAssignmentId && ids.has(unit.parentAssignmentId)) {
      const list = childrenOf.get(unit.parentAssignmentId) ?? [];
      list.push(unit);
      childrenOf.set(unit.parentAssignmentId, list);
    } else tops.push(unit);
  }
  const withChildren = units.filter((u) => childrenOf.has(u.assignmentId));
  // The recipients' side sees its own row; the issuing side (and those above it) the whole table and its files.
  const issuerSide = me.role === 'admin' || !tops.some((u) => u.unitCode === me.unitCode);
  const main = form.fields.find(isNumberField);
  const mainUnit = main && 'unit' in main && main.unit ? main.unit : '';
  const reported = units.filter((u) => u.reported).length;
  const belowQuota = units.filter((u) => u.quotaShortfall).length;

  const toggle = (id: string) =>
    setExpanded((current) => new Set(current.has(id) ? [...current].filter((x) => x !== id) : [...current, id]));
  const download = (format: 'xlsx' | 'csv') => {
    setDownloadError(null);
    downloadFile({
      href: `/api/directives/${encodeURIComponent(directiveId)}/rollup.${format}`,
      name: `填报汇总表-${docNumber}.${format}`,
    }).catch((e: unknown) => setDownloadError(e instanceof Error ? e.message : String(e)));
  };

  const rows = (list: RollupUnit[]): ReactElement[] =>
    list.map((unit) => {
      const children = childrenOf.get(unit.assignmentId) ?? [];
      const open = expanded.has(unit.assignmentId);
      return (
        <Fragment key={unit.assignmentId}>
          <tr
            data-testid="rollup-row"
            data-unit={unit.unitCode}
            data-level={unit.level}
            className={unit.reported ? undefined : 'rollup-missing'}
          >
            <th scope="row" className={`rollup-unit rollup-level-${Math.min(unit.level, 5)}`}>
              {children.length > 0 && (
                <button
                  type="button"
                  className="rollup-toggle"
                  aria-expanded={open}
                  onClick={() => toggle(unit.assignmentId)}
                  aria-label={`${open ? '收起' : '展开'} ${unit.unitName} 的下级（${children.length} 个）`}
                >
                  {open ? '−' : '+'}
                </button>
              )}
              {onSelect && issuerSide ? (
                <button
                  type="button"
                  className={`link${selected === unit.assignmentId ? ' node-selected' : ''}`}
                  aria-pressed={selected === unit.assignmentId}
                  aria-label={`查看 ${unit.unitName} 的报送`}
                  onClick={() => onSelect(unit)}
                >
                  {unit.unitName}
                </button>
              ) : (
                <span>{unit.unitName}</span>
              )}
              {unit.explanation && <span className="rollup-explanation small">说明：{unit.explanation}</span>}
            </th>
            <td className="nowrap" data-label="层级">
              {levelName(unit.level)}
            </td>
            <td className="nowrap" data-label="报送情况">
              {unit.reported ? (
                <span className="badge status-reported">已报</span>
              ) : (
                <span className="badge rollup-unreported">未报</span>
              )}
              {unit.quotaShortfall && (
                <span className="below-quota" data-testid="rollup-below-quota">
                  {' '}
                  <span className="badge status-returned">未达标</span>{' '}
                  <span className="small">{unit.quotaShortfall}</span>
                </span>
              )}
              {unit.units > 0 && (
                <span className="muted small">
                  {' '}
                  下级 {unit.reportedUnits}/{unit.units}
                </span>
              )}
            </td>
            {form.fields.map((field) => (
              <Fragment key={field.key}>
                <OwnCell field={field} unit={unit} />
                <SubtreeCell field={field} unit={unit} />
              </Fragment>
            ))}
          </tr>
          {open && rows(children)}
        </Fragment>
      );
    });

  return (
    <section aria-labelledby="rollup-heading" className="panel rollup">
      <h2 id="rollup-heading">填报汇总</h2>
      {onSelect && issuerSide && <p className="muted small">点击单位名称，查看其填报数据和报送材料，并办结或退回。</p>}
      <div className="actions-row rollup-actions">
        <p className="muted small" data-testid="rollup-summary">
          共 {units.length} 个单位，已报 {reported} 个，未报 {units.length - reported} 个
          {belowQuota > 0 && `，未达标 ${belowQuota} 个`}
        </p>
        {withChildren.length > 0 && (
          <>
            <button type="button" onClick={() => setExpanded(new Set(withChildren.map((u) => u.assignmentId)))}>
              展开全部
            </button>
            <button type="button" onClick={() => setExpanded(new Set())}>
              收起全部
            </button>
          </>
        )}
        {issuerSide && (
          <>
            <button type="button" onClick={() => download('xlsx')}>
              下载填报汇总表（Excel）
            </button>
            <button type="button" onClick={() => download('csv')}>
              下载填报汇总表（CSV）
            </button>
          </>
        )}
      </div>
      <ErrorNote error={downloadError} />
      {main && tops.length > 1 && (
        <RollupChart
          title={`${main.label}（各地区合计）`}
          unit={mainUnit}
          bars={tops.map((u) => ({ label: u.unitName, value: regionTotal(u, main.key) }))}
        />
      )}
      {/* Focusable so a keyboard can scroll a table wider than the screen. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="汇总数据（可左右滚动）">
        <table className="rollup-table" aria-labelledby="rollup-heading">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                单位
              </th>
              <th scope="col" rowSpan={2}>
                层级
              </th>
              <th scope="col" rowSpan={2}>
                报送情况
              </th>
              {form.fields.map((field) => (
                <th key={field.key} scope="colgroup" colSpan={2} className="rollup-field">
                  {field.label}
                  {'unit' in field && field.unit ? `（${field.unit}）` : ''}
                </th>
              ))}
            </tr>
            <tr>
              {form.fields.map((field) => (
                <Fragment key={field.key}>
                  <th scope="col" className={isNumberField(field) ? 'num' : undefined}>
                    本单位
                  </th>
                  <th scope="col" className={isNumberField(field) ? 'num' : undefined}>
                    下级合计
                  </th>
                </Fragment>
              ))}
            </tr>
          </thead>
          <tbody>{rows(tops)}</tbody>
          {total && (
            <tfoot>
              <tr data-testid="rollup-total">
                <th scope="row">合计</th>
                <td />
                <td className="nowrap" data-label="报送情况">
                  已报 {reported}/{units.length}
                </td>
                {form.fields.map((field) => (
                  <td
                    key={field.key}
                    colSpan={2}
                    className={isNumberField(field) ? 'num' : undefined}
                    data-label={field.label}
                  >
                    {field.type === 'text' || field.type === 'date' ? '' : cellTotal(field, total[field.key])}
                  </td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}

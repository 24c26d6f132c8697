import type { FormValues, PeriodQuota, ReportForm } from '@cascade/contracts';

/** One recipient's standing against one quota in one period. */
export interface QuotaStanding {
  field: string;
  label: string;
  required: number;
  /** The unit's own reported figure; 0 when it has not reported (or left the field empty). */
  reported: number;
  met: boolean;
}

/** A recipient's standing against each quota, from its own newest counted values (null: not reported). */
export function quotaStandings(
  quotas: readonly PeriodQuota[],
  form: ReportForm | null,
  values: FormValues | null,
): QuotaStanding[] {
  return quotas.map((quota) => {
    const value = values?.[quota.field];
    const reported = typeof value === 'number' ? value : 0;
    const label = form?.fields.find((f) => f.key === quota.field)?.label ?? quota.field;
    return { field: quota.field, label, required: quota.min, reported, met: reported >= quota.min };
  });
}

/** The figures that fall short, e.g. "主题活动数 0/1"; null when every quota is met. */
export function quotaShortfall(standings: readonly QuotaStanding[]): string | null {
  const short = standings.filter((s) => !s.met);
  return short.length === 0 ? null : short.map((s) => `${s.label} ${s.reported}/${s.required}`).join('，');
}

/** The urge's note: which figures fall short, e.g. "本期指标未达到：主题活动数 0/1". */
export function quotaShortfallNote(standings: readonly QuotaStanding[]): string | null {
  const short = quotaShortfall(standings);
  return short && `本期指标未达到：${short}；请在本期结束前完成并报送`;
}

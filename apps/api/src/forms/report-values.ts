import type { FormValues, ReportForm } from '@cascade/contracts';
import {
  differingTotals,
  type FormProblem,
  type FormTotals,
  formValueProblems,
  withZeros,
  zeroReportForm,
} from '@cascade/domain';

export interface ReportFigures {
  values?: FormValues;
  totals?: FormValues;
  explanation?: string;
  zeroReport?: boolean;
}

/**
 * The values a 报送 stores, or the problems that refuse it: values checked against the form (无则报零
 * fills zeros), and reported subtree totals that differ from the subordinates' reports need a 说明.
 */
export function checkReportFigures(
  form: ReportForm | null,
  figures: ReportFigures,
  computed: FormTotals | null,
): { values?: FormValues; problems: FormProblem[] } {
  if (!form) {
    const asked = figures.values ? 'values' : figures.totals ? 'totals' : null;
    return { problems: asked ? [{ field: asked, message: '该公文没有填报表，不能填报数据' }] : [] };
  }
  const values = figures.zeroReport ? withZeros(form, figures.values) : (figures.values ?? {});
  const problems = formValueProblems(figures.zeroReport ? zeroReportForm(form) : form, values);
  if (figures.totals) {
    if (!computed) problems.push({ field: 'totals', message: '本单位没有下级，不能报送下级合计' });
    else if (!figures.explanation?.trim())
      for (const label of differingTotals(form, figures.totals, computed)) {
        const key = form.fields.find((f) => f.label === label)!.key;
        problems.push({
          field: `totals.${key}`,
          message: `“${label}”的下级合计与下级报送的数据（${String(computed[key])}）不一致，请填写说明`,
        });
      }
  }
  return { values, problems };
}

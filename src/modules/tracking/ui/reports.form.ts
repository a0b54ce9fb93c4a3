import type { Locale } from '../../../web/i18n.ts';
import { reportPeriodLabel } from '../tracking.reports.domain.ts';
import type { Report, TaskReports } from './reports.api.ts';

/**
 * A report's period in the UI's language: a reporting period's key, a closing report as 办结报告 / Closing report with
 * the month it was submitted (never its stored period `closing`).
 * @example periodText({ kind: 'closing', period: 'closing', submitted_at: '2026-12-05T02:00:00Z' }, 'en-US') // 'Closing report (submitted 2026-12)'
 */
export function periodText(r: { kind?: string | null; period: string; submitted_at?: string | null }, locale: Locale): string {
  const label = reportPeriodLabel({ kind: r.kind, period: r.period, submittedAt: r.submitted_at });
  return locale === 'zh-CN' ? label.zh : label.en;
}

/**
 * The units the form's 填报单位 can show: those the caller writes for, or (a unit viewer, who writes for none, or a
 * reviewer) the task's own units, so the select shows a name and never a unit's id.
 */
export function unitOptions(d: Pick<TaskReports, 'writableUnits' | 'task'>, reviewed?: Pick<Report, 'unit_id' | 'unit_name' | 'unit_short_name'>): { value: string; label: string }[] {
  if (reviewed) return [{ value: reviewed.unit_id, label: reviewed.unit_short_name ?? reviewed.unit_name }];
  const units = d.writableUnits.length ? d.writableUnits : d.task.units;
  return units.map((u) => ({ value: u.unitId, label: u.name }));
}

import type { Locale } from '../../../web/i18n.ts';
import { reportPeriodLabel } from '../tracking.reports.domain.ts';
import type { OwedLine, Report, TaskReports } from './reports.api.ts';

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

/**
 * Whether a line of a unit's page has a draft saved: a report that is neither submitted nor returned (its line still
 * owed or overdue) yet exists, so the list shows 草稿 instead of looking untouched.
 */
export function hasDraft(line: Pick<OwedLine, 'state' | 'reportId'>): boolean {
  return (line.state === 'due' || line.state === 'overdue') && line.reportId !== null;
}

/** Whether a percent complete as typed is out of range (0–100), to be refused on the form rather than clamped. */
export function percentOutOfRange(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  return typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100;
}

/**
 * The first field a refused form check names (antd's validateFields rejects with `errorFields`), to scroll to it;
 * undefined for any other error (the server's, the network's).
 */
export function firstInvalidField(error: unknown): (string | number)[] | undefined {
  if (typeof error !== 'object' || error === null || !('errorFields' in error)) return undefined;
  const fields = (error as { errorFields: unknown }).errorFields;
  if (!Array.isArray(fields) || fields.length === 0) return undefined;
  const name = (fields[0] as { name?: unknown }).name;
  return Array.isArray(name) ? (name as (string | number)[]) : undefined;
}

import type { Report, TaskReports } from './reports.api.ts';

/**
 * The units the form's 填报单位 can show: those the caller writes for, or (a unit viewer, who writes for none, or a
 * reviewer) the task's own units, so the select shows a name and never a unit's id.
 */
export function unitOptions(d: Pick<TaskReports, 'writableUnits' | 'task'>, reviewed?: Pick<Report, 'unit_id' | 'unit_name' | 'unit_short_name'>): { value: string; label: string }[] {
  if (reviewed) return [{ value: reviewed.unit_id, label: reviewed.unit_short_name ?? reviewed.unit_name }];
  const units = d.writableUnits.length ? d.writableUnits : d.task.units;
  return units.map((u) => ({ value: u.unitId, label: u.name }));
}

import { api } from '../../../web/api.ts';

export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';

/** A report as GET /api/tasks/:id/reports and the report routes send it. */
export interface Report {
  id: string;
  task_id: string;
  unit_id: string;
  unit_name: string;
  unit_short_name: string | null;
  role: 'lead' | 'co';
  kind: 'progress' | 'closing';
  period: string;
  due_date: string | null;
  status: ReportStatus;
  done_text: string;
  percent: number | null;
  milestones_reached: number[];
  indicator_values: { position: number; value: number }[];
  problems: string;
  help_needed: string;
  next_steps: string;
  quoted_report_ids: string[];
  source: string;
  source_name: string | null;
  return_reason: string | null;
  submitted_at: string | null;
  version: number;
  abilities: string[];
}

export interface TimelineEvent {
  id: string;
  report_id: string;
  action: string;
  to_status: string;
  reason: string | null;
  actor_name: string;
  at: string;
}

export interface EvidenceFile {
  id: string;
  report_id: string;
  file_name: string;
  size_bytes: number;
}

export interface TaskReports {
  task: {
    id: string;
    planTitle: string;
    seq: string;
    title: string;
    dueDate: string | null;
    originalDueDate: string | null;
    deadlineText: string;
    closedAt: string | null;
    milestones: { position: number; title: string; dueDate: string | null }[];
    indicators: { position: number; name: string; unitOfMeasure: string; target: number | null }[];
    units: { unitId: string; role: 'lead' | 'co'; name: string }[];
  };
  period: { key: string; due: string };
  reports: Report[];
  evidence: EvidenceFile[];
  timeline: TimelineEvent[];
  writableUnits: { unitId: string; role: 'lead' | 'co'; name: string }[];
  abilities: string[];
}

export interface OwedLine {
  taskId: string;
  planTitle: string;
  seq: string;
  title: string;
  role: 'lead' | 'co';
  unitId: string;
  period: string;
  due: string;
  state: 'due' | 'overdue' | 'returned' | 'submitted' | 'accepted';
  reportId: string | null;
  returnReason: string | null;
}

export interface UnitPage {
  today: string;
  owed: OwedLine[];
  overdue: OwedLine[];
  returned: OwedLine[];
  submitted: OwedLine[];
}

export interface QueueItem {
  id: string;
  task_id: string;
  role: 'lead' | 'co';
  kind: 'progress' | 'closing';
  period: string;
  percent: number | null;
  submitted_at: string | null;
  seq: string;
  title: string;
  unit_short_name: string | null;
  unit_name: string;
}

export interface ReportInput {
  unitId?: string;
  period?: string;
  kind?: 'progress' | 'closing';
  doneText?: string;
  percent?: number | null;
  milestonesReached?: number[];
  indicatorValues?: { position: number; value: number }[];
  problems?: string;
  helpNeeded?: string;
  nextSteps?: string;
  quotedReportIds?: string[];
}

/** The reporting API, as the pages call it. */
export const reportsApi = {
  mine: () => api.get<UnitPage>('/api/reporting/mine'),
  queue: () => api.get<{ reports: QueueItem[] }>('/api/reporting/review-queue'),
  task: (taskId: string) => api.get<TaskReports>(`/api/tasks/${taskId}/reports`),
  save: (taskId: string, input: ReportInput) => api.post<Report>(`/api/tasks/${taskId}/reports`, input),
  submit: (id: string) => api.post<Report>(`/api/reports/${id}/submit`),
  accept: (id: string) => api.post<Report>(`/api/reports/${id}/accept`),
  return: (id: string, reason: string) => api.post<Report>(`/api/reports/${id}/return`, { reason }),
  deleteEvidence: (id: string) => api.delete(`/api/evidence/${id}`),
};

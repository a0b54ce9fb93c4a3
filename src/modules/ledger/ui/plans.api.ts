/** The plans HTTP API as the web pages see it (shapes of ledger.routes.ts and ledger.tasks.routes.ts responses). */
import { api } from '../../../web/api.ts';
import type { CommentDecision, PlanMeta, PlanStatus, PlanType } from '../ledger.tables.ts';
import type { NodeChange, StoredTreeNode } from '../ledger.versions.domain.ts';
import type { DocumentTable, ParsedDocument } from '../../documents/index.ts';
import type { ImportPreview } from '../ledger.import.service.ts';
import type { PlanNodeInput } from './plan-tree.ts';

export type { CommentDecision, DocumentTable, ImportPreview, NodeChange, ParsedDocument, PlanMeta, PlanStatus, PlanType, StoredTreeNode };

export const PLAN_TYPES: PlanType[] = ['decision', 'opinion', 'plan', 'work_plan', 'task_list'];
export const PLAN_STATUSES: PlanStatus[] = ['draft', 'consultation', 'adopted', 'issued'];
export const DECISIONS: CommentDecision[] = ['adopted', 'partly', 'rejected', 'pending'];

/** A plan with the caller's abilities ('read', 'create', 'edit', 'setStatus', 'comment', 'decideComments', 'assignTasks', 'derive', 'delete', 'export'). */
export interface Plan {
  id: string;
  region_code: string;
  title: string;
  plan_type: PlanType;
  issuer: string | null;
  doc_number: string | null;
  issued_on: string | null;
  /** 印发日期: when the plan takes effect (defaults to issued_on). */
  issued_date: string | null;
  report_cycle: ReportCycle;
  report_due_day: number;
  status: PlanStatus;
  owner_unit_id: string | null;
  parent_plan_id: string | null;
  parent_node_key: string | null;
  current_version: number;
  created_at: string;
  updated_at: string;
  version: number;
  abilities: string[];
  /** The statuses the caller may move the plan to next (none when they may not change it, or it is issued). */
  next_statuses: PlanStatus[];
}

/** A row of GET /api/plans. */
export type PlanListItem = Plan & { task_count: number; comment_count: number };

export interface PlanVersionInfo {
  number: number;
  note: string;
  created_at: string;
  created_by: string | null;
  source_name: string | null;
}

/** GET /api/plans/:id: the plan, one version's text and tree, its versions and links. */
export interface PlanDetail {
  plan: Plan;
  version: { number: number; note: string; meta: PlanMeta; tables: DocumentTable[]; sourceName: string | null; createdAt: string };
  sourceText: string | null;
  tree: StoredTreeNode[];
  versions: PlanVersionInfo[];
  derived: { id: string; title: string; plan_type: PlanType; status: PlanStatus; owner_unit_id: string | null; parent_node_key: string | null }[];
  parent: { id: string; title: string; plan_type: PlanType; status: PlanStatus; node: { marker: string; heading: string } | null } | null;
}

/** POST /api/plans/parse: the parsed document with the extracted text it was read from, and the title and type the server proposes. */
export interface ParsedUpload {
  fileName: string;
  format: string;
  text: string;
  document: ParsedDocument;
  suggestedTitle: string;
  suggestedPlanType: PlanType;
}

export interface PlanCreateInput {
  title: string;
  planType: PlanType;
  regionCode: string;
  issuer?: string | null;
  docNumber?: string | null;
  issuedOn?: string | null;
  nodes: PlanNodeInput[];
  meta: PlanMeta;
  tables: DocumentTable[];
  sourceName: string | null;
  sourceText: string | null;
}

export interface PlanComment {
  id: string;
  node_key: string | null;
  version_number: number;
  body: string;
  decision: CommentDecision;
  decision_reason: string | null;
  decided_at: string | null;
  created_at: string;
  unit_id: string;
  unit_name: string;
  marker: string | null;
  heading: string | null;
  position: number | null;
  abilities: string[];
}

export interface TaskLeader {
  position: number;
  raw_name: string;
  person_id: string | null;
  person_name: string | null;
  person_title: string | null;
}

export interface TaskUnit {
  role: 'lead' | 'co';
  position: number;
  raw_name: string;
  unit_id: string | null;
  unit_name: string | null;
  unit_short_name: string | null;
}

export type TaskKind = 'one_off' | 'phased' | 'ongoing';
export type Recurrence = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';

/** A key task with its assignment; `abilities` holds 'update' and 'delete' when the caller may change it. */
export interface Task {
  id: string;
  plan_id: string;
  position: number;
  seq: string;
  group_path: string[];
  title: string;
  task_kind: TaskKind;
  deadline_text: string;
  due_date: string | null;
  start_date: string | null;
  recurrence: Recurrence | null;
  ongoing: boolean;
  deadline_understood: boolean;
  note: string;
  source_row: number | null;
  node_keys: string[];
  version: number;
  leaders: TaskLeader[];
  leadUnit: TaskUnit | null;
  coUnits: TaskUnit[];
  milestones: { position: number; title: string; due_text: string; due_date: string | null }[];
  indicators: { position: number; name: string; unit_of_measure: string; baseline: number | null; target: number | null; target_date: string | null }[];
  unresolved: boolean;
  abilities: string[];
}

/** A name given as a directory id, or as written when it is not matched yet. */
export type NameRef = { id: string } | { rawName: string };

export interface TaskPatch {
  title?: string;
  deadlineText?: string;
  kind?: TaskKind;
  leaders?: NameRef[];
  leadUnit?: NameRef | null;
  coUnits?: NameRef[];
  milestones?: { title: string; dueText?: string }[];
  indicators?: { name: string; unitOfMeasure?: string; baseline?: number | null; target?: number | null; targetDate?: string | null }[];
  note?: string;
  version?: number;
}

/** GET /api/plans/:id/unresolved: written names not yet matched, with how often they occur and suggestions. */
export interface UnresolvedNames {
  units: { rawName: string; count: number; suggestions: { unitId: string; name: string; score: number }[] }[];
  leaders: { rawName: string; count: number; suggestions: { personId: string; name: string; score?: number }[] }[];
}

export type ImportedTable = { planId: string; sheet: string; created: number; problems: ImportPreview['problems']; unmatched: ImportPreview['unmatched'] };

/** How often units report on a plan's tasks. */
export type ReportCycle = 'monthly' | 'quarterly' | 'per_task';

export const plansApi = {
  setSchedule: (id: string, body: { issuedDate?: string | null; reportCycle?: ReportCycle }) => api.put<Plan>(`/api/plans/${id}/schedule`, body),
  list: (query: { q?: string; status?: PlanStatus; planType?: PlanType }) => api.get<PlanListItem[]>('/api/plans', query),
  get: (id: string, version?: number) => api.get<PlanDetail>(`/api/plans/${id}`, { version }),
  create: (input: PlanCreateInput) => api.post<Plan>('/api/plans', input),
  remove: (id: string) => api.delete(`/api/plans/${id}`),
  saveVersion: (id: string, input: { nodes: PlanNodeInput[]; basedOn: number; note?: string; meta?: { preamble?: string; closing?: string } }) =>
    api.post<{ version: number; changes: NodeChange[] }>(`/api/plans/${id}/versions`, input),
  diff: (id: string, from: number, to: number) => api.get<{ from: number; to: number; changes: NodeChange[] }>(`/api/plans/${id}/diff`, { from, to }),
  setStatus: (id: string, status: PlanStatus, confirm?: boolean) => api.put<Plan>(`/api/plans/${id}/status`, { status, confirm }),
  derive: (id: string, input: { nodeKey: string; title: string }) => api.post<Plan>(`/api/plans/${id}/derive`, input),

  comments: (id: string) => api.get<PlanComment[]>(`/api/plans/${id}/comments`),
  addComment: (id: string, input: { nodeKey: string | null; body: string }) => api.post<PlanComment>(`/api/plans/${id}/comments`, input),
  decide: (commentId: string, input: { decision: CommentDecision; reason: string | null }) => api.put<PlanComment>(`/api/comments/${commentId}/decision`, input),

  tasks: (id: string) => api.get<{ tasks: Task[]; canAssign: boolean }>(`/api/plans/${id}/tasks`),
  tasksFromNodes: (id: string, nodeKeys: string[]) => api.post<{ ids: string[] }>(`/api/plans/${id}/tasks/from-nodes`, { items: nodeKeys.map((key) => ({ nodeKeys: [key] })) }),
  updateTask: (taskId: string, patch: TaskPatch) => api.patch<Task>(`/api/tasks/${taskId}`, patch),
  deleteTask: (taskId: string) => api.delete(`/api/tasks/${taskId}`),
  unresolved: (id: string) => api.get<UnresolvedNames>(`/api/plans/${id}/unresolved`),
  resolve: (id: string, input: { kind: 'unit' | 'leader'; rawName: string; targetId: string; remember: boolean }) => api.post<{ updated: number }>(`/api/plans/${id}/resolve`, input),
};

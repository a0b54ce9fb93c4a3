/** The plans HTTP API as the web pages see it; the response types are those of ledger.schema.ts, which the server serializes by. */
import { api } from '../../../web/api.ts';
import type { CommentDecision, PlanMeta, PlanStatus, PlanType } from '../ledger.tables.ts';
import type { NodeChange, StoredTreeNode } from '../ledger.versions.domain.ts';
import type { DocumentTable, ParsedDocument } from '../../documents/index.ts';
import type { ImportPreview } from '../ledger.import.service.ts';
import type { PlanNodeInput } from './plan-tree.ts';
import type { Static } from 'typebox';
import type {
  CommentCreatedResponse,
  CommentDecidedResponse,
  DiffResponse,
  ParsedUploadResponse,
  PlanCommentResponse,
  PlanDetailResponse,
  PlanListItemResponse,
  PlanResponse,
  RecurrenceSchema,
  ResolvedResponse,
  SavedVersionResponse,
  TasksFromNodesResponse,
  TasksFromTableResponse,
  TaskImportResponse,
  TaskKindSchema,
  TaskLeaderResponse,
  TaskListResponse,
  TaskResponse,
  TaskUnitResponse,
  UnresolvedNamesResponse,
} from '../ledger.schema.ts';

export type { CommentDecision, DocumentTable, ImportPreview, NodeChange, ParsedDocument, PlanMeta, PlanStatus, PlanType, StoredTreeNode };

export const PLAN_TYPES: PlanType[] = ['decision', 'opinion', 'plan', 'work_plan', 'task_list'];
export const PLAN_STATUSES: PlanStatus[] = ['draft', 'consultation', 'adopted', 'issued'];
export const DECISIONS: CommentDecision[] = ['adopted', 'partly', 'rejected', 'pending'];

/** A plan with the caller's abilities ('read', 'create', 'edit', 'setStatus', 'comment', 'decideComments', 'assignTasks', 'derive', 'delete', 'export'). */
export type Plan = PlanResponse;
/** What the caller may do with a plan. */
export type PlanAbility = Plan['abilities'][number];

/** A row of GET /api/plans. */
export type PlanListItem = PlanListItemResponse;

export type PlanVersionInfo = PlanDetailResponse['versions'][number];

/** GET /api/plans/:id: the plan, one version's text and tree, its versions and links. */
export type PlanDetail = PlanDetailResponse;

/** POST /api/plans/parse: the parsed document with the extracted text it was read from, and the title and type the server proposes. */
export type ParsedUpload = ParsedUploadResponse;

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

export type PlanComment = PlanCommentResponse;
export type TaskLeader = TaskLeaderResponse;
export type TaskUnit = TaskUnitResponse;

export type TaskKind = Static<typeof TaskKindSchema>;
export type Recurrence = Static<typeof RecurrenceSchema>;

/** A key task with its assignment; `abilities` holds 'update' and 'delete' when the caller may change it. */
export type Task = TaskResponse;

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
export type UnresolvedNames = UnresolvedNamesResponse;

export type ImportedTable = NonNullable<TaskImportResponse['imported']>;

/** How often units report on a plan's tasks. */
export type ReportCycle = 'monthly' | 'quarterly' | 'per_task';

export const plansApi = {
  setSchedule: (id: string, body: { issuedDate?: string | null; reportCycle?: ReportCycle }) => api.put<Plan>(`/api/plans/${id}/schedule`, body),
  list: (query: { q?: string; status?: PlanStatus; planType?: PlanType }) => api.get<PlanListItem[]>('/api/plans', query),
  get: (id: string, version?: number) => api.get<PlanDetail>(`/api/plans/${id}`, { version }),
  create: (input: PlanCreateInput) => api.post<Plan>('/api/plans', input),
  remove: (id: string) => api.delete(`/api/plans/${id}`),
  saveVersion: (id: string, input: { nodes: PlanNodeInput[]; basedOn: number; note?: string; meta?: { preamble?: string; closing?: string } }) =>
    api.post<SavedVersionResponse>(`/api/plans/${id}/versions`, input),
  diff: (id: string, from: number, to: number) => api.get<DiffResponse>(`/api/plans/${id}/diff`, { from, to }),
  setStatus: (id: string, status: PlanStatus, confirm?: boolean, consultedUnitIds?: string[]) => api.put<Plan>(`/api/plans/${id}/status`, { status, confirm, consultedUnitIds }),
  derive: (id: string, input: { nodeKey: string; title: string }) => api.post<Plan>(`/api/plans/${id}/derive`, input),

  comments: (id: string) => api.get<PlanComment[]>(`/api/plans/${id}/comments`),
  addComment: (id: string, input: { nodeKey: string | null; body: string }) => api.post<CommentCreatedResponse>(`/api/plans/${id}/comments`, input),
  decide: (commentId: string, input: { decision: CommentDecision; reason: string | null }) => api.put<CommentDecidedResponse>(`/api/comments/${commentId}/decision`, input),

  tasks: (id: string) => api.get<TaskListResponse>(`/api/plans/${id}/tasks`),
  tasksFromNodes: (id: string, nodeKeys: string[], again = false) =>
    api.post<TasksFromNodesResponse>(`/api/plans/${id}/tasks/from-nodes`, { items: nodeKeys.map((key) => ({ nodeKeys: [key] })), again }),
  tasksFromTable: (id: string, table: number, again = false) => api.post<TasksFromTableResponse>(`/api/plans/${id}/tasks/from-table`, { table, again }),
  updateTask: (taskId: string, patch: TaskPatch) => api.patch<Task>(`/api/tasks/${taskId}`, patch),
  deleteTask: (taskId: string) => api.delete(`/api/tasks/${taskId}`),
  unresolved: (id: string) => api.get<UnresolvedNames>(`/api/plans/${id}/unresolved`),
  resolve: (id: string, input: { kind: 'unit' | 'leader'; rawName: string; targetId: string; remember: boolean }) => api.post<ResolvedResponse>(`/api/plans/${id}/resolve`, input),
};

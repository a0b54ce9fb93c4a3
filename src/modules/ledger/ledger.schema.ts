import { DateTime, Nullable as OrNullable, StringEnum } from '../../lib/typebox.ts';
import { actionNames } from '../../lib/abilities.ts';
import { Type, type Static } from 'typebox';
import { ledgerPolicy } from './ledger.policy.ts';
import type { PlanMeta } from './ledger.tables.ts';
import type { NodeChange, StoredTreeNode } from './ledger.versions.domain.ts';
import type { DocumentTable, ParsedDocument } from '../documents/index.ts';
import type { ImportPreview } from './ledger.import.service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const PlanTypeSchema = StringEnum(['decision', 'opinion', 'plan', 'work_plan', 'task_list']);
export const PlanStatusSchema = StringEnum(['draft', 'consultation', 'adopted', 'issued']);
export const ReportCycleSchema = StringEnum(['monthly', 'quarterly', 'per_task']);
export const DecisionSchema = StringEnum(['pending', 'adopted', 'partly', 'rejected']);
export const IdParams = Type.Object({ id: Uuid });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** A node of the editable tree (recursive). */
export const TreeNode = Type.Cyclic(
  {
    Node: Type.Object(
      {
        key: Type.Optional(Uuid),
        kind: Type.String({ maxLength: 20 }),
        marker: Type.String({ maxLength: 40 }),
        heading: Type.String({ maxLength: 2000 }),
        text: Type.String({ maxLength: 100_000 }),
        ordinal: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
        sourceLine: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
        children: Type.Array(Type.Ref('Node'), { maxItems: 2000 }),
      },
      { additionalProperties: true },
    ),
  },
  'Node',
);

const LongText = Type.String({ maxLength: 100_000 });
// Null first: with the server's type coercion a string-first union would turn null into "".
const OrNull = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);
const ShortText = (maxLength: number) => OrNull(Type.String({ maxLength }));

/**
 * What was read around the tree, as the person corrected it on the import page: the document's own title, number,
 * issuer, date, preamble (导语) and closing (结尾). Fields the parser adds later pass through unchecked.
 */
export const PlanMetaBody = Type.Object(
  {
    title: Type.Optional(ShortText(2000)),
    embeddedTitle: Type.Optional(ShortText(2000)),
    docNumber: Type.Optional(ShortText(100)),
    issuer: Type.Optional(ShortText(200)),
    date: Type.Optional(OrNull(IsoDate)),
    dateText: Type.Optional(ShortText(2000)),
    addressee: Type.Optional(ShortText(2000)),
    preamble: Type.Optional(LongText),
    closing: Type.Optional(LongText),
    coveringNotice: Type.Optional(OrNull(LongText)),
  },
  { additionalProperties: true },
);

export const PlanCreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    planType: PlanTypeSchema,
    regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    issuer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    docNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    issuedDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    reportCycle: Type.Optional(ReportCycleSchema),
    ownerUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    nodes: Type.Optional(Type.Array(TreeNode, { maxItems: 2000 })),
    meta: Type.Optional(PlanMetaBody),
    tables: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 200 })),
    sourceName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    sourceText: Type.Optional(Nullable(Type.String({ maxLength: 5_000_000 }))),
    parentPlanId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    parentNodeKey: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const PlanScheduleBody = Type.Object(
  {
    issuedDate: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    reportCycle: Type.Optional(ReportCycleSchema),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const PlanPatchBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    planType: Type.Optional(PlanTypeSchema),
    issuer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    docNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuedOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    ownerUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const SaveVersionBody = Type.Object(
  {
    nodes: Type.Array(TreeNode, { maxItems: 2000 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    basedOn: Type.Integer({ minimum: 1 }),
    meta: Type.Optional(
      Type.Object({ preamble: Type.Optional(LongText), closing: Type.Optional(LongText) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const DeriveBody = Type.Object(
  {
    nodeKey: Uuid,
    title: Type.String({ minLength: 1, maxLength: 300 }),
    ownerUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    planType: Type.Optional(PlanTypeSchema),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);

export const CommentBody = Type.Object({ nodeKey: Type.Union([Uuid, Type.Null()]), body: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
export const DecideBody = Type.Object({ decision: DecisionSchema, reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false });

// ---- Responses. The web UI reads these shapes as types (Static<typeof …>); none is copied by hand. ----
// Deep documents the server already types (a parsed document, a version's tree, metadata and tables, an import
// preview) are passed through whole (`Passed<T>`): their TypeScript type is the contract, and no field is dropped.

/** A nested document passed through as it is (every property kept), typed by its server-side interface. */
const Passed = <T>(description: string) => Type.Unsafe<T>({ type: 'object', additionalProperties: true, description });
const PassedList = <T>(description: string) => Type.Unsafe<T[]>({ type: 'array', items: { type: 'object', additionalProperties: true }, description });

/** What the caller may do with a plan: the action names of the plan policy. */
export const PlanAbilitySchema = StringEnum(actionNames(ledgerPolicy.plan));

const PlanFields = {
  id: Uuid,
  region_code: Type.String(),
  title: Type.String(),
  plan_type: PlanTypeSchema,
  issuer: OrNullable(Type.String()),
  doc_number: OrNullable(Type.String()),
  issued_on: OrNullable(Type.String({ format: 'date' })),
  /** 印发日期: when the plan takes effect (tracking's expected progress starts here); defaults to issued_on. */
  issued_date: OrNullable(Type.String({ format: 'date' })),
  report_cycle: ReportCycleSchema,
  report_due_day: Type.Integer(),
  status: PlanStatusSchema,
  owner_unit_id: OrNullable(Uuid),
  parent_plan_id: OrNullable(Uuid),
  parent_node_key: OrNullable(Uuid),
  current_version: Type.Integer(),
  created_by: OrNullable(Uuid),
  created_at: DateTime,
  updated_at: DateTime,
  version: Type.Integer(),
  abilities: Type.Array(PlanAbilitySchema),
  /** The statuses this caller may move the plan to now (the UI offers exactly these). */
  next_statuses: Type.Array(PlanStatusSchema),
};
/** A plan with the caller's abilities on it. */
export const PlanResponse = Type.Object(PlanFields);
/** A row of GET /api/plans. */
export const PlanListItemResponse = Type.Object({ ...PlanFields, task_count: Type.Integer(), comment_count: Type.Integer() });

const PlanLinkFields = { id: Uuid, title: Type.String(), plan_type: PlanTypeSchema, status: PlanStatusSchema };

/** GET /api/plans/:id: the plan, one version's text and tree, its versions and links. */
export const PlanDetailResponse = Type.Object({
  plan: PlanResponse,
  version: Type.Object({
    number: Type.Integer(),
    note: Type.String(),
    meta: Passed<PlanMeta>('What was read around the tree: title, number, issuer, date, preamble, closing, warnings'),
    tables: PassedList<DocumentTable>('Tables of the document'),
    sourceName: OrNullable(Type.String()),
    createdAt: DateTime,
  }),
  sourceText: OrNullable(Type.String()),
  tree: PassedList<StoredTreeNode>('The version’s tree of nodes (key, depth, kind, marker, heading, text, children)'),
  versions: Type.Array(
    Type.Object({ number: Type.Integer(), note: Type.String(), created_at: DateTime, created_by: OrNullable(Uuid), source_name: OrNullable(Type.String()) }),
  ),
  derived: Type.Array(Type.Object({ ...PlanLinkFields, owner_unit_id: OrNullable(Uuid), parent_node_key: OrNullable(Uuid) })),
  parent: OrNullable(Type.Object({ ...PlanLinkFields, node: OrNullable(Type.Object({ marker: Type.String(), heading: Type.String() })) })),
  /** The units the plan was last sent to for consultation (征求意见). */
  consulted_units: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});

/** POST /api/plans/parse: the parsed document with the extracted text it was read from. */
export const ParsedUploadResponse = Type.Object({
  fileName: Type.String(),
  format: Type.String(),
  text: Type.String(),
  document: Passed<ParsedDocument>('The parsed document: title, number, issuer, date, preamble, closing, nodes, tables, warnings'),
  /** The title and plan type saving the document as is would give (the server's rule; the UI does not guess). */
  suggestedTitle: Type.String(),
  suggestedPlanType: PlanTypeSchema,
});

const NodeChanges = PassedList<NodeChange>('Node changes: added, removed, moved or edited, with the fields that changed');
/** POST /api/plans/:id/versions. */
export const SavedVersionResponse = Type.Object({ version: Type.Integer(), changes: NodeChanges });
/** GET /api/plans/:id/diff. */
export const DiffResponse = Type.Object({ from: Type.Integer(), to: Type.Integer(), changes: NodeChanges });

const CommentFields = {
  id: Uuid,
  node_key: OrNullable(Uuid),
  version_number: Type.Integer(),
  body: Type.String(),
  decision: DecisionSchema,
  decision_reason: OrNullable(Type.String()),
  decided_at: OrNullable(DateTime),
  created_at: DateTime,
  unit_id: Uuid,
};
/** A comment of GET /api/plans/:id/comments, with the node it is on and the caller's abilities ('decide'). */
export const PlanCommentResponse = Type.Object({
  ...CommentFields,
  unit_name: Type.String(),
  marker: OrNullable(Type.String()),
  heading: OrNullable(Type.String()),
  position: OrNullable(Type.Integer()),
  abilities: Type.Array(StringEnum(['decide'])),
});
/** POST /api/plans/:id/comments: the stored comment. */
export const CommentCreatedResponse = Type.Object({
  ...CommentFields,
  region_code: Type.String(),
  plan_id: Uuid,
  author_user_id: OrNullable(Uuid),
  decided_by: OrNullable(Uuid),
});
/** PUT /api/comments/:id/decision: the stored comment with the caller's abilities. */
export const CommentDecidedResponse = Type.Object({ ...CommentCreatedResponse.properties, abilities: Type.Array(StringEnum(['decide'])) });

// Assignment rows of a task; further columns of a row pass through.
const open = { additionalProperties: true } as const;
export const TaskLeaderResponse = Type.Object(
  { task_id: Uuid, position: Type.Integer(), raw_name: Type.String(), person_id: OrNullable(Uuid), person_name: OrNullable(Type.String()), person_title: OrNullable(Type.String()) },
  open,
);
export const TaskUnitResponse = Type.Object(
  {
    task_id: Uuid,
    role: StringEnum(['lead', 'co']),
    position: Type.Integer(),
    raw_name: Type.String(),
    unit_id: OrNullable(Uuid),
    unit_name: OrNullable(Type.String()),
    unit_short_name: OrNullable(Type.String()),
  },
  open,
);
const MilestoneResponse = Type.Object({ task_id: Uuid, position: Type.Integer(), title: Type.String(), due_text: Type.String(), due_date: OrNullable(Type.String({ format: 'date' })) }, open);
const IndicatorResponse = Type.Object(
  {
    task_id: Uuid,
    position: Type.Integer(),
    name: Type.String(),
    unit_of_measure: Type.String(),
    baseline: OrNullable(Type.Number()),
    target: OrNullable(Type.Number()),
    target_date: OrNullable(Type.String({ format: 'date' })),
  },
  open,
);
export const TaskKindSchema = StringEnum(['one_off', 'phased', 'ongoing']);
export const RecurrenceSchema = StringEnum(['monthly', 'quarterly', 'half_yearly', 'yearly']);

/** A key task with its assignment; `abilities` holds 'update' and 'delete' when the caller may change it. */
export const TaskResponse = Type.Object({
  id: Uuid,
  region_code: Type.String(),
  plan_id: Uuid,
  position: Type.Integer(),
  seq: Type.String(),
  group_path: Type.Array(Type.String()),
  title: Type.String(),
  task_kind: TaskKindSchema,
  deadline_text: Type.String(),
  due_date: OrNullable(Type.String({ format: 'date' })),
  start_date: OrNullable(Type.String({ format: 'date' })),
  recurrence: OrNullable(RecurrenceSchema),
  ongoing: Type.Boolean(),
  deadline_understood: Type.Boolean(),
  note: Type.String(),
  extra: Type.Record(Type.String(), Type.String(), { description: 'Columns of an imported table beyond the known ones (条目原文: a node’s full text)' }),
  source_row: OrNullable(Type.Integer()),
  node_keys: Type.Array(Uuid),
  created_at: DateTime,
  updated_at: DateTime,
  version: Type.Integer(),
  leaders: Type.Array(TaskLeaderResponse),
  leadUnit: OrNullable(TaskUnitResponse),
  coUnits: Type.Array(TaskUnitResponse),
  milestones: Type.Array(MilestoneResponse),
  indicators: Type.Array(IndicatorResponse),
  unresolved: Type.Boolean(),
  abilities: Type.Array(StringEnum(['update', 'delete'])),
});
/** GET /api/plans/:id/tasks. */
export const TaskListResponse = Type.Object({ tasks: Type.Array(TaskResponse), canAssign: Type.Boolean() });
/** POST /api/plans/:id/tasks and …/tasks/from-nodes: the new tasks' ids, in order. */
export const TaskIdsResponse = Type.Object({ ids: Type.Array(Uuid) });
/** POST /api/plans/:id/tasks/from-nodes: the tasks made, and the node keys skipped because they already have a task. */
export const TasksFromNodesResponse = Type.Object({ ids: Type.Array(Uuid), skipped: Type.Array(Type.String()) });
/** POST /api/plans/:id/tasks/from-table: the tasks made, and how many rows were skipped because they already have one. */
export const TasksFromTableResponse = Type.Object({ ids: Type.Array(Uuid), skipped: Type.Integer() });

/** GET /api/plans/:id/unresolved: written names not yet matched, with how often they occur and suggestions. */
export const UnresolvedNamesResponse = Type.Object({
  units: Type.Array(Type.Object({ rawName: Type.String(), count: Type.Integer(), suggestions: Type.Array(Type.Object({ unitId: Uuid, name: Type.String(), score: Type.Number() })) })),
  leaders: Type.Array(
    Type.Object({
      rawName: Type.String(),
      count: Type.Integer(),
      suggestions: Type.Array(Type.Object({ personId: Uuid, name: Type.String(), title: Type.Optional(OrNullable(Type.String())), score: Type.Number() })),
    }),
  ),
});
/** POST /api/plans/:id/resolve: how many written names now point at the chosen record. */
export const ResolvedResponse = Type.Object({ updated: Type.Integer() });

/** POST /api/tasks/import: the preview (nothing saved) or, with confirm=true, what was imported. */
export const TaskImportResponse = Type.Object({
  preview: Type.Optional(Passed<ImportPreview>('What the table would import: sheets, header row, columns, tasks, problems, unmatched names')),
  imported: Type.Optional(
    Type.Object({
      planId: Uuid,
      sheet: Type.String(),
      created: Type.Integer(),
      problems: PassedList<ImportPreview['problems'][number]>('Problems found, by row and field'),
      unmatched: Passed<ImportPreview['unmatched']>('Names not matched to the directory'),
    }),
  ),
});

export type PlanResponse = Static<typeof PlanResponse>;
export type PlanListItemResponse = Static<typeof PlanListItemResponse>;
export type PlanDetailResponse = Static<typeof PlanDetailResponse>;
export type ParsedUploadResponse = Static<typeof ParsedUploadResponse>;
export type SavedVersionResponse = Static<typeof SavedVersionResponse>;
export type DiffResponse = Static<typeof DiffResponse>;
export type PlanCommentResponse = Static<typeof PlanCommentResponse>;
export type CommentCreatedResponse = Static<typeof CommentCreatedResponse>;
export type CommentDecidedResponse = Static<typeof CommentDecidedResponse>;
export type TaskResponse = Static<typeof TaskResponse>;
export type TaskListResponse = Static<typeof TaskListResponse>;
export type TaskLeaderResponse = Static<typeof TaskLeaderResponse>;
export type TaskUnitResponse = Static<typeof TaskUnitResponse>;
export type TaskIdsResponse = Static<typeof TaskIdsResponse>;
export type TasksFromNodesResponse = Static<typeof TasksFromNodesResponse>;
export type TasksFromTableResponse = Static<typeof TasksFromTableResponse>;
export type UnresolvedNamesResponse = Static<typeof UnresolvedNamesResponse>;
export type ResolvedResponse = Static<typeof ResolvedResponse>;
export type TaskImportResponse = Static<typeof TaskImportResponse>;

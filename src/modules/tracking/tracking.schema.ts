import { Type } from 'typebox';
import { DateTime as Time, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { Activity } from './tracking.activities.schema.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Text = (max: number) => Type.String({ maxLength: max });

export const IdParams = Type.Object({ id: Uuid });
export const ReportStatusSchema = StringEnum(['draft', 'submitted', 'returned', 'accepted']);
const Role = StringEnum(['lead', 'co']);
const Kind = StringEnum(['progress', 'closing']);

export const ReportBody = Type.Object(
  {
    unitId: Type.Optional(Uuid),
    period: Type.Optional(Text(20)),
    kind: Type.Optional(Kind),
    doneText: Type.Optional(Text(20_000)),
    percent: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
    milestonesReached: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 100 })),
    indicatorValues: Type.Optional(Type.Array(Type.Object({ position: Type.Integer({ minimum: 0 }), value: Type.Number() }, { additionalProperties: false }), { maxItems: 100 })),
    problems: Type.Optional(Text(10_000)),
    helpNeeded: Type.Optional(Text(10_000)),
    nextSteps: Type.Optional(Text(10_000)),
    quotedReportIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const DeadlineChangeBody = Type.Object({ newDueDate: IsoDate, reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const DeadlineDecisionBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Text(2000)) }, { additionalProperties: false });
export const UnitPageQuery = Type.Object({ unitId: Type.Optional(Uuid), today: Type.Optional(IsoDate) });

export const Report = Type.Object({
  id: Uuid,
  task_id: Uuid,
  plan_id: Uuid,
  unit_id: Uuid,
  unit_name: Type.String(),
  unit_short_name: Nullable(Type.String()),
  role: Role,
  kind: Kind,
  period: Type.String(),
  period_end: Type.String(),
  due_date: Nullable(Type.String()),
  status: ReportStatusSchema,
  done_text: Type.String(),
  percent: Nullable(Type.Number()),
  milestones_reached: Type.Array(Type.Integer()),
  indicator_values: Type.Array(Type.Object({ position: Type.Integer(), value: Type.Number() })),
  problems: Type.String(),
  help_needed: Type.String(),
  next_steps: Type.String(),
  quoted_report_ids: Type.Array(Uuid),
  source: Type.String(),
  source_name: Nullable(Type.String()),
  source_row: Nullable(Type.Integer()),
  return_reason: Nullable(Type.String()),
  submitted_at: Nullable(Time),
  reviewed_at: Nullable(Time),
  updated_at: Time,
  version: Type.Integer(),
  abilities: Type.Array(Type.String()),
  repeated: Type.Optional(Type.Boolean()),
});
const Evidence = Type.Object({ id: Uuid, report_id: Uuid, file_name: Type.String(), content_type: Type.String(), size_bytes: Type.Integer(), sha256: Type.String(), created_at: Time });
const Event = Type.Object({
  id: Uuid,
  report_id: Uuid,
  action: Type.String(),
  from_status: Nullable(Type.String()),
  to_status: Type.String(),
  reason: Nullable(Type.String()),
  actor_name: Type.String(),
  at: Time,
});
export const DeadlineChange = Type.Object({
  id: Uuid,
  task_id: Uuid,
  old_due_date: Nullable(Type.String()),
  new_due_date: Type.String(),
  reason: Type.String(),
  status: StringEnum(['pending', 'approved', 'rejected']),
  decision_note: Nullable(Type.String()),
  requested_at: Time,
  decided_at: Nullable(Time),
});
const Period = Type.Object({ key: Type.String(), start: Type.String(), end: Type.String(), due: Type.String(), cycle: Type.String() });

export const ReportDetail = Type.Object({ ...Report.properties, evidence: Type.Array(Evidence), timeline: Type.Array(Event) });
export const EvidenceReply = Evidence;
export const TaskReportsReply = Type.Object({
  task: Type.Object({
    id: Uuid,
    planId: Uuid,
    planTitle: Type.String(),
    seq: Type.String(),
    title: Type.String(),
    dueDate: Nullable(Type.String()),
    originalDueDate: Nullable(Type.String()),
    deadlineText: Type.String(),
    closedAt: Nullable(Time),
    milestones: Type.Array(Type.Object({ position: Type.Integer(), title: Type.String(), dueDate: Nullable(Type.String()) })),
    indicators: Type.Array(Type.Object({ position: Type.Integer(), name: Type.String(), unitOfMeasure: Type.String(), target: Nullable(Type.Number()) })),
    units: Type.Array(Type.Object({ unitId: Uuid, role: Role, name: Type.String() })),
  }),
  period: Period,
  reports: Type.Array(Report),
  evidence: Type.Array(Evidence),
  evidenceMaxBytes: Type.Integer(),
  timeline: Type.Array(Event),
  activities: Type.Array(Activity),
  deadlineChanges: Type.Array(DeadlineChange),
  writableUnits: Type.Array(Type.Object({ unitId: Uuid, role: Role, name: Type.String() })),
  abilities: Type.Array(Type.String()),
});
const OwedLine = Type.Object({
  taskId: Uuid,
  planId: Uuid,
  planTitle: Type.String(),
  seq: Type.String(),
  title: Type.String(),
  role: Role,
  unitId: Uuid,
  period: Type.String(),
  due: Type.String(),
  state: StringEnum(['due', 'overdue', 'returned', 'submitted', 'accepted']),
  reportId: Nullable(Uuid),
  returnReason: Nullable(Type.String()),
  writable: Type.Boolean(),
});
export const UnitPageReply = Type.Object({ today: Type.String(), owed: Type.Array(OwedLine), overdue: Type.Array(OwedLine), returned: Type.Array(OwedLine), submitted: Type.Array(OwedLine) });
export const ReviewQueueReply = Type.Object({
  reports: Type.Array(
    Type.Object({
      id: Uuid,
      task_id: Uuid,
      plan_id: Uuid,
      role: Role,
      kind: Kind,
      period: Type.String(),
      percent: Nullable(Type.Number()),
      done_text: Type.String(),
      submitted_at: Nullable(Time),
      seq: Type.String(),
      title: Type.String(),
      unit_short_name: Nullable(Type.String()),
      unit_name: Type.String(),
    }),
  ),
  /** Deadline change requests waiting for a supervisor (empty for others). */
  deadlineChanges: Type.Array(
    Type.Object({
      id: Uuid,
      task_id: Uuid,
      plan_id: Uuid,
      seq: Type.String(),
      title: Type.String(),
      old_due_date: Nullable(Type.String()),
      new_due_date: Type.String(),
      reason: Type.String(),
      requested_at: Time,
      unit_short_name: Nullable(Type.String()),
      unit_name: Nullable(Type.String()),
    }),
  ),
});
export const ReopenReply = Type.Object({ taskId: Uuid, closed: Type.Boolean() });

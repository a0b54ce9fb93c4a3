import { Type } from 'typebox';
import { DateTime as Time, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const EscalationStatusSchema = StringEnum(['issued', 'answered', 'returned', 'closed']);
export const EscalationSourceSchema = StringEnum(['red_warning', 'overdue', 'late_reports', 'manual']);

export const EscalationListQuery = Type.Object({
  status: Type.Optional(StringEnum(['issued', 'answered', 'returned', 'closed', 'open'])),
  unitId: Type.Optional(Uuid),
  planId: Type.Optional(Uuid),
  taskId: Type.Optional(Uuid),
});
export const SuggestionQuery = Type.Object({ planId: Type.Optional(Uuid) });
export const IssueBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 5000 })),
    requirements: Type.String({ maxLength: 5000 }),
    replyDue: IsoDate,
    from: Type.Optional(StringEnum(['rules', 'manual'])),
  },
  { additionalProperties: false },
);
export const BulkIssueBody = Type.Object(
  { taskIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }), requirements: Type.String({ maxLength: 5000 }), replyDue: IsoDate },
  { additionalProperties: false },
);
export const AnswerBody = Type.Object({ answer: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false });
export const ReturnBody = Type.Object({ reason: Type.String({ maxLength: 5000 }) }, { additionalProperties: false });
export const CloseBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });

export const Escalation = Type.Object({
  id: Uuid,
  taskId: Uuid,
  planId: Uuid,
  planTitle: Type.String(),
  taskSeq: Type.String(),
  taskTitle: Type.String(),
  year: Type.Integer(),
  number: Type.Integer(),
  /** 督办〔2026〕12号 */
  numberText: Type.String(),
  unitId: Nullable(Uuid),
  /** The lead unit's full name, as written on the notice. */
  unitName: Type.String(),
  unitShortName: Type.String(),
  leaderName: Nullable(Type.String()),
  source: EscalationSourceSchema,
  reason: Type.String(),
  requirements: Type.String(),
  replyDue: Type.String(),
  status: EscalationStatusSchema,
  answer: Nullable(Type.String()),
  answeredByName: Nullable(Type.String()),
  answeredAt: Nullable(Time),
  returnReason: Nullable(Type.String()),
  closeNote: Nullable(Type.String()),
  closedAt: Nullable(Time),
  issuedByName: Type.String(),
  issuedAt: Time,
  version: Type.Integer(),
  abilities: Type.Array(Type.String()),
  /** True when the request repeated a step already taken (double click, retry): nothing new was stored. */
  repeated: Type.Optional(Type.Boolean()),
});
const Step = Type.Object({
  id: Uuid,
  action: StringEnum(['issue', 'answer', 'return', 'close']),
  from_status: Nullable(Type.String()),
  to_status: Type.String(),
  note: Nullable(Type.String()),
  actor_name: Type.String(),
  at: Time,
});
export const EscalationDetail = Type.Object({ ...Escalation.properties, timeline: Type.Array(Step) });
export const EscalationList = Type.Object({ escalations: Type.Array(Escalation) });
export const SuggestionList = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      taskId: Uuid,
      planId: Uuid,
      planTitle: Type.String(),
      taskSeq: Type.String(),
      taskTitle: Type.String(),
      dueDate: Nullable(Type.String()),
      unitId: Uuid,
      unitName: Type.String(),
      asOf: Type.String(),
      source: EscalationSourceSchema,
      reasonZh: Type.String(),
      reasonEn: Type.String(),
    }),
  ),
});

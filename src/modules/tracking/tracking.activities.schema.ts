import { Type } from 'typebox';
import { DateTime as Time, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';

const Kind = StringEnum(['study', 'research', 'meeting']);

export const ActivityIdParams = Type.Object({ id: Uuid });

/** The body is checked loosely here; the service checks every field and names a bad one. */
export const ActivityBody = Type.Object(
  {
    kind: Type.String({ maxLength: 20 }),
    title: Type.String({ maxLength: 10000 }),
    heldOn: Type.String({ maxLength: 40 }),
    participants: Type.Optional(Nullable(Type.String({ maxLength: 100000 }))),
    outcome: Type.Optional(Nullable(Type.String({ maxLength: 100000 }))),
    unitId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);

export const Activity = Type.Object({
  id: Uuid,
  taskId: Uuid,
  taskSeq: Nullable(Type.String()),
  taskTitle: Type.String(),
  unitId: Uuid,
  unitName: Type.String(),
  kind: Kind,
  title: Type.String(),
  heldOn: Type.String(),
  participants: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  authorName: Type.String(),
  createdAt: Time,
  canDelete: Type.Boolean(),
});

export const TaskActivitiesReply = Type.Object({
  taskId: Uuid,
  activities: Type.Array(Activity),
  canRecord: Type.Boolean(),
  /** The task's units the caller may record an activity for (the lead unit first). */
  units: Type.Array(Type.Object({ unitId: Uuid, name: Type.String(), role: Type.Union([Type.Literal('lead'), Type.Literal('co')]) })),
});
export const DeleteActivityReply = Type.Object({ ok: Type.Literal(true) });

/** A unit's activities on its page. */
export const UnitActivities = Type.Object({
  count: Type.Integer(),
  latest: Type.Array(
    Type.Object({ id: Uuid, taskId: Uuid, taskSeq: Nullable(Type.String()), taskTitle: Type.String(), kind: Kind, title: Type.String(), heldOn: Type.String(), participants: Nullable(Type.String()), outcome: Nullable(Type.String()) }),
  ),
});

import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Kind = StringEnum(['due_soon', 'late', 'manual', 'returned', 'escalation']);
const Channel = StringEnum(['email', 'dingtalk', 'wecom']);
/** A channel of the deliveries log: the app's own delivery besides the channels outside it. */
const DeliveryChannel = StringEnum(['app', 'email', 'dingtalk', 'wecom']);
const Status = StringEnum(['pending', 'sending', 'sent', 'failed']);

/** Path of a unit's channels. */
export const UnitParams = Type.Object({ id: Uuid });
/** Path of a plan's or a task's routes. */
export const IdParams = Type.Object({ id: Uuid });

/** A unit's channels as the browser sees them: webhook tokens and the signing secret masked. */
export const ChannelsReply = Type.Object({
  unitId: Uuid,
  unitName: Type.String(),
  emails: Type.Array(Type.String()),
  dingtalk: Type.Object({ configured: Type.Boolean(), webhook: Nullable(Type.String()), signed: Type.Boolean(), secret: Nullable(Type.String()) }),
  wecom: Type.Object({ configured: Type.Boolean(), webhook: Nullable(Type.String()) }),
  updatedAt: Nullable(Type.String()),
  abilities: Type.Array(Type.String()),
});

/** A change of a unit's channels: a field left out keeps its value, null or '' clears it. */
export const ChannelsBody = Type.Object(
  {
    emails: Type.Optional(Type.Array(Type.String({ maxLength: 254 }), { maxItems: 20 })),
    dingtalkWebhook: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    dingtalkSecret: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    wecomWebhook: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const ReminderRule = Type.Object(
  { daysBefore: Type.Integer({ minimum: 0, maximum: 60 }), lateLimit: Type.Integer({ minimum: 0, maximum: 52 }) },
  { additionalProperties: false },
);
/** A plan's reminder numbers, whether they are its own, and the default. */
export const ReminderRuleReply = Type.Object({ rule: ReminderRule, custom: Type.Boolean(), default: ReminderRule });
/** A plan's new reminder numbers, or null for the default. */
export const ReminderRuleBody = Type.Object({ rule: Type.Union([ReminderRule, Type.Null()]) }, { additionalProperties: false });

/** Whom to remind about a task now (the lead unit when left out), and of which period's report (the earliest owed when left out). */
export const RemindBody = Type.Object(
  { unitId: Type.Optional(Uuid), period: Type.Optional(Type.String({ maxLength: 20, description: 'The period key of the report owed, e.g. 2026-11 or 2026-Q3' })) },
  { additionalProperties: false },
);
/** The reminder sent by hand, and the channels it was queued on; a repeat the same day is not sent again. */
export const RemindReply = Type.Object({
  id: Uuid,
  unitId: Uuid,
  unitName: Type.String(),
  period: Type.String(),
  due: Type.String(),
  daysLate: Type.Integer({ description: 'Days the report is late (0 before its due date)' }),
  channels: Type.Array(Channel),
  repeated: Type.Boolean({ description: 'The unit was reminded of this report earlier the same China day: nothing was sent again' }),
  remindedAt: DateTime,
});

/** What units owe now: due soon or late. */
export const OwedReply = Type.Object({
  today: Type.String(),
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      planId: Uuid,
      planTitle: Type.String(),
      taskId: Uuid,
      seq: Nullable(Type.String()),
      title: Type.String(),
      unitId: Uuid,
      unitName: Type.String(),
      role: StringEnum(['lead', 'co']),
      period: Type.String(),
      due: Type.String(),
      late: Type.Boolean(),
      days: Type.Integer(),
      remindedAt: Nullable(DateTime),
      autoRemindedAt: Nullable(DateTime),
    }),
  ),
});

/** Which failed deliveries to send again: those named, one channel's, or (neither given) all. */
export const RetryDeliveriesBody = Type.Object(
  { ids: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })), channel: Type.Optional(Channel) },
  { additionalProperties: false },
);
export const RetryDeliveriesReply = Type.Object({ requeued: Type.Integer({ description: 'How many failed deliveries went back in the queue' }) });

/** Query of the deliveries list. */
export const DeliveriesQuery = Type.Object(
  { status: Type.Optional(Status), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
/** The latest deliveries with their status, and counts by status. */
export const DeliveriesReply = Type.Object({
  counts: Type.Object({ pending: Type.Integer(), sending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() }),
  smtpConfigured: Type.Boolean(),
  deliveries: Type.Array(
    Type.Object({
      id: Uuid,
      reminderId: Uuid,
      unitId: Uuid,
      unitName: Type.String(),
      channel: DeliveryChannel,
      kind: Kind,
      task: Type.String(),
      period: Nullable(Type.String()),
      subject: Type.String(),
      status: Status,
      attempts: Type.Integer(),
      maxAttempts: Type.Integer(),
      nextAttemptAt: Nullable(Type.String()),
      lastError: Nullable(Type.String()),
      sentAt: Nullable(Type.String()),
      createdAt: DateTime,
    }),
  ),
});

/** The caller's units' notifications (the bell), newest first, and the unread count. */
export const NotificationsReply = Type.Object({
  unread: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Uuid,
      planId: Uuid,
      taskId: Uuid,
      unitId: Uuid,
      kind: Kind,
      period: Nullable(Type.String()),
      due: Type.String(),
      title: Bilingual,
      body: Bilingual,
      createdAt: DateTime,
      read: Type.Boolean(),
    }),
  ),
});
/** Which notifications to mark read: those named, or all when left out. */
export const MarkReadBody = Type.Object({ ids: Type.Optional(Type.Array(Uuid, { maxItems: 200 })) }, { additionalProperties: false });
/** How many notifications changed. */
export const MarkReadReply = Type.Object({ changed: Type.Integer() });

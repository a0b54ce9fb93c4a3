import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';

type MaybeTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * Why a unit is notified: its report falls due soon, is late, or a supervisor pressed 催办 (the reminders); a report of
 * its was returned for revision; an escalation notice was issued to it or its answer sent back (migration 0039).
 */
export type ReminderKind = 'due_soon' | 'late' | 'manual' | 'returned' | 'escalation';
/** Where a reminder goes besides the app. */
export type ReminderChannel = 'email' | 'dingtalk' | 'wecom';
/** A channel of the deliveries log: the app itself (sent when the notification is made) or one outside it. */
export type DeliveryChannel = 'app' | ReminderChannel;
/** Where a delivery job is: pending → sending → sent, or failed after its last attempt. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** The reminders part of the tracking module's tables (migrations 0010 and 0039), as Kysely sees them. */
export interface ReminderTables {
  unit_notify_channels: {
    unit_id: string;
    emails: Generated<string[]>;
    dingtalk_webhook: string | null;
    dingtalk_secret: string | null;
    wecom_webhook: string | null;
    updated_by: string | null;
    updated_at: DefaultTimestamp;
  };
  plan_reminder_rules: {
    region_code: string;
    plan_id: string;
    days_before: number;
    late_limit: number;
    updated_by: string | null;
    updated_at: DefaultTimestamp;
  };
  reminders: {
    id: Generated<string>;
    region_code: string;
    plan_id: string;
    task_id: string;
    unit_id: string;
    /** The report period; null on an escalation notice's notification. */
    period: string | null;
    due_date: string;
    kind: ReminderKind;
    round: Generated<number>;
    dedupe_key: string;
    title_zh: string;
    title_en: string;
    body_zh: string;
    body_en: string;
    created_by: string | null;
    created_at: DefaultTimestamp;
    read_at: MaybeTimestamp;
    read_by: string | null;
  };
  reminder_deliveries: {
    id: Generated<string>;
    region_code: string;
    reminder_id: string;
    unit_id: string;
    channel: DeliveryChannel;
    kind: ReminderKind;
    task_label: string;
    period: string | null;
    subject: string;
    body: string;
    status: Generated<DeliveryStatus>;
    attempts: Generated<number>;
    max_attempts: Generated<number>;
    next_attempt_at: Timestamp;
    lease_until: MaybeTimestamp;
    last_error: string | null;
    sent_at: MaybeTimestamp;
    created_at: DefaultTimestamp;
  };
}

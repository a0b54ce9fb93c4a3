-- Tracking, reminders part: a unit's in-app notifications (the reminders table, the bell) also tell it that a report
-- was returned for revision (returned) and that an escalation notice was issued to it or its answer sent back
-- (escalation). A notice has no report period, so period may be empty on both the notification and its deliveries.
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check CHECK (kind IN ('due_soon', 'late', 'manual', 'returned', 'escalation'));
ALTER TABLE reminders ALTER COLUMN period DROP NOT NULL;
ALTER TABLE reminder_deliveries ALTER COLUMN period DROP NOT NULL;

-- The deliveries log (投递记录) lists each notification's in-app delivery ('app', sent when it is made) beside the
-- e-mail and the robots, so a reminder to a unit that set no channel still shows there.
ALTER TABLE reminder_deliveries DROP CONSTRAINT reminder_deliveries_channel_check;
ALTER TABLE reminder_deliveries ADD CONSTRAINT reminder_deliveries_channel_check CHECK (channel IN ('app', 'email', 'dingtalk', 'wecom'));

-- The 催办 list shows when each unit was last reminded of each period's report.
CREATE INDEX reminders_task_unit_period_idx ON reminders (region_code, task_id, unit_id, period, created_at DESC);

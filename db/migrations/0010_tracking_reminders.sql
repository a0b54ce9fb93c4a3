-- Tracking, reminders part (issue 7, 催办): where each unit is reached (email, DingTalk and WeCom group robots), the
-- numbers of a plan's reminders, the reminders themselves (each also the unit's in-app notification), and one delivery
-- job per reminder and channel, claimed with FOR UPDATE SKIP LOCKED so that several servers on one PostgreSQL send
-- each reminder once.

-- Where a unit's reminders go. Small and read with units: a reference table on Citus. The DingTalk signing secret and
-- the webhook URLs (whose access tokens are secrets too) are never sent back to a browser in full.
CREATE TABLE unit_notify_channels (
  unit_id uuid PRIMARY KEY REFERENCES units (id) ON DELETE CASCADE,
  emails text[] NOT NULL DEFAULT '{}',
  dingtalk_webhook text,
  dingtalk_secret text,
  wecom_webhook text,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A plan's reminder numbers; a plan without a row is reminded 3 days before each due date, and 3 times when late
-- (the day after the due date, then weekly).
CREATE TABLE plan_reminder_rules (
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  days_before integer NOT NULL CHECK (days_before >= 0 AND days_before <= 60),
  late_limit integer NOT NULL CHECK (late_limit >= 0 AND late_limit <= 52),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, plan_id),
  FOREIGN KEY (region_code, plan_id) REFERENCES plans (region_code, id) ON DELETE CASCADE
);

-- One reminder to one unit about one task's report for one period: before the due date (due_soon), when late (late,
-- round 0 the day after the due date, round n n weeks later), or sent by hand (manual). dedupe_key makes planning
-- idempotent: two planners, or one run twice, make one reminder. It is the unit's in-app notification too.
CREATE TABLE reminders (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  task_id uuid NOT NULL,
  unit_id uuid NOT NULL REFERENCES units (id),
  period text NOT NULL,
  due_date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('due_soon', 'late', 'manual')),
  round integer NOT NULL DEFAULT 0,
  dedupe_key text NOT NULL,
  title_zh text NOT NULL,
  title_en text NOT NULL,
  body_zh text NOT NULL,
  body_en text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  read_by uuid REFERENCES users (id),
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, dedupe_key),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX reminders_unit_idx ON reminders (unit_id, created_at DESC);

-- One delivery of a reminder over one channel: pending → sending → sent, or back to pending with next_attempt_at
-- pushed back exponentially, or failed after the last attempt. A job left in sending past lease_until (its process
-- died) is claimed again. The queue is claimed across every region at once, so it stays on the Citus coordinator
-- (local) and keeps what the deliveries page shows, instead of joining the distributed reminders.
CREATE TABLE reminder_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  reminder_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'dingtalk', 'wecom')),
  kind text NOT NULL,
  task_label text NOT NULL,
  period text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 6,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reminder_id, channel)
);
CREATE INDEX reminder_deliveries_due_idx ON reminder_deliveries (status, next_attempt_at);
CREATE INDEX reminder_deliveries_recent_idx ON reminder_deliveries (created_at DESC);

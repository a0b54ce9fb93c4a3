-- Tracking, projects part (issue 7, 项目化): a task holds investment, construction and cooperation projects, each with
-- its amount, where it is, its partner enterprise, its chain segment and its stage (签约 → 开工 → 投产 → 达产) with the
-- date each stage was reached; every stage move is kept (a correction back carries its reason), and a project has its
-- own short progress notes. Distributed by region_code (the plan's region) beside tasks (src/server/citus.ts).

CREATE TABLE task_projects (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  plan_id uuid NOT NULL,
  task_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('investment', 'construction', 'cooperation')),
  name text NOT NULL CHECK (length(name) > 0),
  -- 万元
  amount numeric(18, 4) NOT NULL CHECK (amount >= 0),
  -- Where the project is (GB/T 2260), within the plan's region; the row's region_code is the plan's.
  site_region_code text REFERENCES regions (code),
  partner_name text,
  -- 统一社会信用代码 (GB 32100-2015), its check character verified by the service.
  partner_uscc text CHECK (partner_uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  chain_segment text,
  -- The atlas's chain segment, once the atlas exists (no foreign key yet).
  segment_id uuid,
  stage text NOT NULL DEFAULT 'signed' CHECK (stage IN ('signed', 'started', 'producing', 'full')),
  signed_on date,
  started_on date,
  producing_on date,
  full_on date,
  source_kind text NOT NULL DEFAULT 'manual' CHECK (source_kind IN ('atlas', 'event', 'manual', 'import')),
  source_ref text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, task_id) REFERENCES tasks (region_code, id) ON DELETE CASCADE
);
CREATE INDEX task_projects_task_idx ON task_projects (task_id);
CREATE INDEX task_projects_plan_idx ON task_projects (plan_id, stage);

-- A project's timeline: created, each stage move (dated; a move back with its reason), each progress note.
CREATE TABLE project_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  project_id uuid NOT NULL,
  task_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'stage', 'correct', 'edit')),
  from_stage text,
  to_stage text,
  on_date date,
  reason text,
  actor_user_id uuid REFERENCES users (id),
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, project_id) REFERENCES task_projects (region_code, id) ON DELETE CASCADE
);
CREATE INDEX project_events_project_idx ON project_events (project_id, at);

-- A project's own short progress notes (项目进展), each dated and at a stage.
CREATE TABLE project_reports (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  project_id uuid NOT NULL,
  task_id uuid NOT NULL,
  report_date date NOT NULL,
  stage text NOT NULL CHECK (stage IN ('signed', 'started', 'producing', 'full')),
  body text NOT NULL CHECK (length(body) > 0),
  created_by uuid REFERENCES users (id),
  author_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, project_id) REFERENCES task_projects (region_code, id) ON DELETE CASCADE
);
CREATE INDEX project_reports_project_idx ON project_reports (project_id, report_date);

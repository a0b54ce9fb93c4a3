-- Matchmaking events (产业握手链接洽谈会, 产业链供应链大会): an event's slots and tables, its participants with their
-- offers and needs (供/需) and availability, meeting requests, the meetings placed in a slot at a table, and the
-- outcomes of each meeting.
--
-- Citus placement (decisions/0003): an event belongs to one region and everything of it is read and written together,
-- so every table carries the event's `region_code`, is distributed by it (co-located with `plans`) and has it first in
-- its primary key; references between the tables include it, so each event lives on one shard. A participant's own
-- region (where the enterprise is) is a plain column, `home_region_code`.

CREATE TABLE events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL REFERENCES regions (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  venue text,
  -- The registration window; null ends mean open until the event.
  registration_opens_at timestamptz,
  registration_closes_at timestamptz,
  -- public: anyone may register on the public form while registration is open; invitation: organisers add participants.
  access text NOT NULL DEFAULT 'invitation' CHECK (access IN ('public', 'invitation')),
  -- The chains (atlas chain keys) and segments ("chainKey/segmentKey") the event focuses on.
  focus_chains text[] NOT NULL DEFAULT '{}',
  focus_segments text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'held')),
  -- The unit that organises it: its editors manage the event.
  organiser_unit_id uuid REFERENCES units (id),
  -- The ledger task signed outcomes become projects of, unless an outcome names another.
  task_id uuid,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id)
);

-- A meeting slot, in order (position 1, 2 …).
CREATE TABLE event_slots (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  event_id uuid NOT NULL,
  position integer NOT NULL CHECK (position > 0),
  label text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, event_id, position),
  FOREIGN KEY (region_code, event_id) REFERENCES events (region_code, id) ON DELETE CASCADE
);

-- A table or room: it hosts one meeting per slot.
CREATE TABLE event_tables (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  event_id uuid NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  name text,
  capacity integer NOT NULL DEFAULT 2 CHECK (capacity >= 2),
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, event_id, number),
  FOREIGN KEY (region_code, event_id) REFERENCES events (region_code, id) ON DELETE CASCADE
);

CREATE TABLE event_participants (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  event_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('enterprise', 'association', 'investor', 'government')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- 统一社会信用代码 (checked by the atlas's rule); the atlas's enterprise when the code is known there.
  uscc text CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  enterprise_id uuid,
  enterprise_region_code text,
  contact_name text,
  contact_phone text,
  contact_email text,
  description text,
  -- Where the participant is (GB/T 2260), for recommendations by region.
  home_region_code text REFERENCES regions (code),
  -- The slots the participant can attend (ids of event_slots); registration gives every slot until narrowed.
  available_slot_ids uuid[] NOT NULL DEFAULT '{}',
  -- The participant's own account, if any: it sees and answers its own requests.
  user_id uuid REFERENCES users (id),
  -- The check-in code printed as a QR code on the agenda; it also opens the participant's agenda.
  code text NOT NULL,
  status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'cancelled')),
  checked_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, event_id) REFERENCES events (region_code, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX event_participants_uscc_idx ON event_participants (region_code, event_id, uscc) WHERE uscc IS NOT NULL AND status = 'registered';
CREATE UNIQUE INDEX event_participants_code_idx ON event_participants (region_code, code);
CREATE INDEX event_participants_event_idx ON event_participants (region_code, event_id);
CREATE INDEX event_participants_user_idx ON event_participants (user_id) WHERE user_id IS NOT NULL;

-- An offer (供) or a need (需), tagged with a chain segment and products.
CREATE TABLE event_offers (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  event_id uuid NOT NULL,
  participant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('offer', 'need')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text,
  chain_key text,
  segment_key text,
  products text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  FOREIGN KEY (region_code, participant_id) REFERENCES event_participants (region_code, id) ON DELETE CASCADE
);
CREATE INDEX event_offers_event_idx ON event_offers (region_code, event_id);

-- A request for a one-to-one meeting; the other side accepts or declines.
CREATE TABLE event_requests (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  event_id uuid NOT NULL,
  from_id uuid NOT NULL,
  to_id uuid NOT NULL,
  message text,
  -- must: must meet (weight 2 in the scheduler); nice: would like to meet (weight 1).
  priority text NOT NULL DEFAULT 'nice' CHECK (priority IN ('must', 'nice')),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted', 'declined', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  PRIMARY KEY (region_code, id),
  CHECK (from_id <> to_id),
  FOREIGN KEY (region_code, from_id) REFERENCES event_participants (region_code, id) ON DELETE CASCADE,
  FOREIGN KEY (region_code, to_id) REFERENCES event_participants (region_code, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX event_requests_pair_idx ON event_requests (region_code, event_id, from_id, to_id);

-- A meeting: from an accepted request or added by the organiser; placed in a slot at a table (or not yet placed).
CREATE TABLE event_meetings (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  event_id uuid NOT NULL,
  request_id uuid,
  a_id uuid NOT NULL,
  b_id uuid NOT NULL,
  origin text NOT NULL DEFAULT 'request' CHECK (origin IN ('request', 'organiser')),
  slot_id uuid,
  table_id uuid,
  -- planned (placed or waiting for a place), held, no_show (someone did not come), cancelled.
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'no_show', 'cancelled')),
  no_show_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  CHECK (a_id <> b_id),
  CHECK ((slot_id IS NULL) = (table_id IS NULL)),
  FOREIGN KEY (region_code, a_id) REFERENCES event_participants (region_code, id) ON DELETE CASCADE,
  FOREIGN KEY (region_code, b_id) REFERENCES event_participants (region_code, id) ON DELETE CASCADE
);
-- A table hosts one meeting per slot.
CREATE UNIQUE INDEX event_meetings_place_idx ON event_meetings (region_code, slot_id, table_id) WHERE slot_id IS NOT NULL AND status <> 'cancelled';
CREATE INDEX event_meetings_event_idx ON event_meetings (region_code, event_id);

-- What came of a meeting: an intention, an agreement or a signed contract, with its amount (万元) and chain segment; a
-- signed one may become a ledger project.
CREATE TABLE event_outcomes (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL,
  event_id uuid NOT NULL,
  meeting_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('intention', 'agreement', 'signed')),
  amount numeric(18, 4) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  chain_key text,
  segment_key text,
  note text,
  project_id uuid,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id),
  UNIQUE (region_code, meeting_id),
  FOREIGN KEY (region_code, meeting_id) REFERENCES event_meetings (region_code, id) ON DELETE CASCADE
);
CREATE INDEX event_outcomes_event_idx ON event_outcomes (region_code, event_id);

-- Failed sign-ins, counted in the database so that every process serving one PostgreSQL shares the counts.
-- A key is one of: an account at an address, an address, an account from addresses it never signed in from.
-- Past a few free failures each further failure doubles the wait (1 s, 2 s, … up to 15 min) instead of
-- locking the account, so an owner signing in from a familiar address is not locked out by someone else.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  next_allowed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);

-- Addresses an account has signed in from successfully: failures from them do not count against the account.
CREATE TABLE login_known_addresses (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address text NOT NULL,
  last_success timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, address)
);

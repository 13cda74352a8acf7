-- 0002: organisations, user accounts, server-side sessions and the sign-in attempt log.
-- Ids are UUIDs from gen_random_uuid() (built into PostgreSQL >= 13 and PGlite): not guessable.

CREATE TABLE organisations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name_ky     text CHECK (length(name_ky) BETWEEN 1 AND 200),
  name_ru     text CHECK (length(name_ru) BETWEEN 1 AND 200),
  name_en     text CHECK (length(name_en) BETWEEN 1 AND 200),
  kind        text NOT NULL DEFAULT 'cso' CHECK (kind IN ('cso','council','government','operator','other')),
  is_demo     boolean NOT NULL DEFAULT false,   -- created by the demo data (npm run seed / first start)
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(name_ky, name_ru, name_en) > 0)
);

-- Roles: admin (everything within its organisation), advocate (creates and edits the organisation's
-- campaigns and annotations), engineer (reviews: comments and review status). The public has no account.
CREATE TABLE users (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id     uuid NOT NULL REFERENCES organisations(id),
  email               text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  display_name        text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  show_name_publicly  boolean NOT NULL DEFAULT false,  -- otherwise others see only the organisation's name
  role                text NOT NULL CHECK (role IN ('admin','advocate','engineer')),
  password_hash       text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  is_demo             boolean NOT NULL DEFAULT false,
  disabled_at         timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_organisation_idx ON users (organisation_id);
CREATE INDEX users_role_idx ON users (role);
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Server-side sessions, shared by every app instance. The cookie carries a random token; only its
-- SHA-256 is stored, so a copy of this table cannot be replayed as cookies.
CREATE TABLE sessions (
  id            text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL CHECK (length(csrf_token) >= 32),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text CHECK (length(user_agent) <= 300)
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Sign-in attempts, for rate limiting per account and per address across instances.
CREATE TABLE login_attempts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  email      text NOT NULL,
  ip         text NOT NULL,
  succeeded  boolean NOT NULL
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

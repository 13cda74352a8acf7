-- 0010: Idempotency-Key for creates (issue 14 item 4; server/src/idempotency/). A retried POST with the
-- same key and the same request answers the first answer again instead of creating twice; the same key
-- with another request is refused (422). Keys are per account and kept for 24 hours.
CREATE TABLE idempotency_keys (
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash  text NOT NULL,
  status        integer,                -- NULL while the first request is still being answered
  headers       jsonb,
  body          bytea,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

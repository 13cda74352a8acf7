-- 0015: reminders (server/src/reminders/). The e-mail digest of commitments due soon and late is
-- sent at most once a day per person: a row here records what was sent (after the SMTP server
-- accepted it), so a second `npm run reminders:send` the same day skips that person. Nothing is
-- recorded for a dry run or for a message the server refused.
CREATE TABLE reminder_deliveries (
  user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  digest_on    date NOT NULL,                                   -- the day the digest was computed for (--as-of)
  email        text NOT NULL CHECK (length(email) <= 254),      -- where it went (the address may change later)
  due_soon     integer NOT NULL CHECK (due_soon >= 0),
  late         integer NOT NULL CHECK (late >= 0),
  commitment_ids uuid[] NOT NULL DEFAULT '{}',                  -- what it named
  message_id   text CHECK (length(message_id) <= 998),          -- the SMTP Message-ID
  sent_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, digest_on)
);

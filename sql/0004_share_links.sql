-- Issue 6: the advocate's recommendations for a campaign (printed on page 3 of the council brief) and
-- read-only share links for a campaign map.

ALTER TABLE campaigns
  ADD COLUMN recommendations_ky text CHECK (length(recommendations_ky) <= 20000),
  ADD COLUMN recommendations_ru text CHECK (length(recommendations_ru) <= 20000),
  ADD COLUMN recommendations_en text CHECK (length(recommendations_en) <= 20000);

-- A share link opens one campaign's map read-only for anyone who has it. The token (32 random bytes,
-- base64url) is shown once; only its SHA-256 (hex) is stored, so a copy of the database does not
-- hand out working links. Revoked or expired links answer 404, like unknown ones.
CREATE TABLE share_links (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  label       text CHECK (length(label) <= 200),
  created_by  uuid NOT NULL REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  revoked_at  timestamptz,
  revoked_by  uuid REFERENCES users(id),
  CHECK (expires_at IS NULL OR expires_at > created_at),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX share_links_campaign_idx ON share_links (campaign_id);

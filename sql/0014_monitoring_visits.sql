-- 0014: monitoring visits with checklists (server/src/visits/). A checklist is DATA (data/checklists.json):
-- one per kind of place that is inspected (a market, a clinic, a canal section), with sections and
-- items in ky/ru/en and a weight per item. The server copies the file into checklists/checklist_items
-- when it first needs them (visits.service.ts ensureChecklists): a changed checklist gets a new
-- version, and a visit keeps the version it was scored with, so an old score stays explainable.
-- A visit is a dated row of a campaign, never overwritten: the next visit is a new row. Its score
-- (0–100, visits.score.ts) is computed once from its answers and the version's weights and stored.
-- Visibility follows the budgets' rule (access/visibility.ts visitVisible): a draft visit is seen by
-- its organisation and the organisations its campaign is shared with; published, by all.

CREATE TABLE checklists (
  code       text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  version    integer NOT NULL CHECK (version >= 1),
  layer      text NOT NULL CHECK (layer ~ '^[a-z_]{1,40}$'),   -- the layer whose features it inspects
  kind       text CHECK (kind ~ '^[a-z_]{1,40}$'),            -- facilities.kind it applies to; NULL: every feature of the layer
  title_ky   text NOT NULL CHECK (length(title_ky) BETWEEN 1 AND 200),
  title_ru   text NOT NULL CHECK (length(title_ru) BETWEEN 1 AND 200),
  title_en   text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  sections   jsonb NOT NULL CHECK (jsonb_typeof(sections) = 'array'),   -- [{code, ky, ru, en}] in order
  sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),           -- of the file's entry: a changed entry needs a new version
  source     text NOT NULL CHECK (length(source) BETWEEN 1 AND 1000),
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, version)
);

CREATE TABLE checklist_items (
  checklist_code     text NOT NULL,
  checklist_version  integer NOT NULL,
  code               text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  section            text NOT NULL CHECK (section ~ '^[a-z][a-z0-9_]{0,39}$'),
  position           integer NOT NULL CHECK (position BETWEEN 0 AND 1000),
  weight             integer NOT NULL CHECK (weight BETWEEN 1 AND 10),
  text_ky            text NOT NULL CHECK (length(text_ky) BETWEEN 1 AND 300),
  text_ru            text NOT NULL CHECK (length(text_ru) BETWEEN 1 AND 300),
  text_en            text NOT NULL CHECK (length(text_en) BETWEEN 1 AND 300),
  PRIMARY KEY (checklist_code, checklist_version, code),
  FOREIGN KEY (checklist_code, checklist_version) REFERENCES checklists (code, version)
);

CREATE TABLE visits (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref                text UNIQUE,          -- stable key of demo visits; NULL otherwise
  organisation_id    uuid NOT NULL REFERENCES organisations(id),   -- the campaign's organisation
  campaign_id        uuid NOT NULL REFERENCES campaigns(id),
  layer              text NOT NULL CHECK (layer ~ '^[a-z_]{1,40}$'),
  feature_id         bigint NOT NULL CHECK (feature_id > 0),
  checklist_code     text NOT NULL,
  checklist_version  integer NOT NULL,
  visited_on         date NOT NULL CHECK (visited_on >= '1991-01-01'),
  score              integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  applicable         integer NOT NULL CHECK (applicable >= 1),      -- items answered other than n/a
  note               text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
  lang               text CHECK (lang IN ('ky','ru','en')),
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  source             text CHECK (length(source) <= 1000),
  source_date        date,
  licence            text CHECK (length(licence) <= 200),
  provenance         text NOT NULL DEFAULT 'real' CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by         uuid REFERENCES users(id),   -- NULL for demo visits loaded by the seeder
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (checklist_code, checklist_version) REFERENCES checklists (code, version),
  UNIQUE (id, checklist_code, checklist_version)
);
CREATE INDEX visits_feature_idx ON visits (layer, feature_id, visited_on DESC, created_at DESC);
CREATE INDEX visits_campaign_idx ON visits (campaign_id, visited_on);
CREATE TRIGGER visits_touch BEFORE UPDATE ON visits FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- One answer per item of the visit's checklist version (the service requires every item).
CREATE TABLE visit_answers (
  visit_id           uuid NOT NULL,
  checklist_code     text NOT NULL,
  checklist_version  integer NOT NULL,
  item_code          text NOT NULL,
  answer             text NOT NULL CHECK (answer IN ('yes','partly','no','na')),
  note               text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  PRIMARY KEY (visit_id, item_code),
  FOREIGN KEY (visit_id, checklist_code, checklist_version) REFERENCES visits (id, checklist_code, checklist_version) ON DELETE CASCADE,
  FOREIGN KEY (checklist_code, checklist_version, item_code) REFERENCES checklist_items (checklist_code, checklist_version, code)
);

-- Photos of a visit (optionally of one item), through the annotations' photo pipeline.
CREATE TABLE visit_photos (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id       uuid NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  item_code      text CHECK (item_code ~ '^[a-z][a-z0-9_]{0,39}$'),
  caption        text NOT NULL DEFAULT '' CHECK (length(caption) <= 200),
  mime           text NOT NULL CHECK (mime IN ('image/jpeg')),
  width          integer NOT NULL CHECK (width BETWEEN 1 AND 4096),
  height         integer NOT NULL CHECK (height BETWEEN 1 AND 4096),
  bytes          integer NOT NULL CHECK (bytes > 0),
  content        bytea NOT NULL,
  thumb          bytea NOT NULL,
  original_type  text NOT NULL CHECK (original_type IN ('jpeg','png','webp')),
  location       geometry(Point,4326)
                 CHECK (location IS NULL OR (ST_X(location) BETWEEN -180 AND 180 AND ST_Y(location) BETWEEN -90 AND 90)),
  taken_at       timestamptz,
  created_by     uuid REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_photos_visit_idx ON visit_photos (visit_id);

-- The commitments a visit checks (sql/0013_commitments.sql).
CREATE TABLE visit_commitments (
  visit_id       uuid NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  commitment_id  uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
  PRIMARY KEY (visit_id, commitment_id)
);
CREATE INDEX visit_commitments_commitment_idx ON visit_commitments (commitment_id);

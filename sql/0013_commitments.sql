-- 0013: after the vote (server/src/commitments/). A decision is what a council or another body
-- adopted (a resolution, a policy, an action plan) within a campaign; its commitments are what was
-- promised, by whom, by when, with an indicator from a baseline to a target; progress updates report
-- the indicator with evidence (photos through the photo pipeline, document links), by the CSO's
-- monitor or an official; another organisation the campaign is shared with may verify an update.
-- A commitment's status (not started … broken) is computed at read time (commitments.rules.ts), never
-- stored. Visibility follows the campaigns' rule on the decision: a draft decision and everything under
-- it is seen by its organisation and the organisations its campaign is shared with; published, by all.

CREATE TABLE decisions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref              text UNIQUE,       -- stable key of demo decisions; NULL otherwise
  organisation_id  uuid NOT NULL REFERENCES organisations(id),   -- the campaign's organisation
  campaign_id      uuid NOT NULL REFERENCES campaigns(id),
  kind             text NOT NULL CHECK (kind IN ('council_resolution','adopted_policy','action_plan')),
  body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 200),      -- who adopted it: "Karakol city kenesh"
  decided_on       date NOT NULL CHECK (decided_on >= '1991-01-01'),
  number           text CHECK (length(number) BETWEEN 1 AND 100),            -- the resolution's number
  document_url     text CHECK (document_url ~ '^https?://' AND length(document_url) <= 2000),
  title_ky         text CHECK (length(title_ky) BETWEEN 1 AND 300),
  title_ru         text CHECK (length(title_ru) BETWEEN 1 AND 300),
  title_en         text CHECK (length(title_en) BETWEEN 1 AND 300),
  summary_ky       text CHECK (length(summary_ky) <= 5000),
  summary_ru       text CHECK (length(summary_ru) <= 5000),
  summary_en       text CHECK (length(summary_en) <= 5000),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  source           text CHECK (length(source) <= 1000),
  licence          text CHECK (length(licence) <= 200),
  provenance       text NOT NULL DEFAULT 'real' CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by       uuid REFERENCES users(id),    -- NULL for demo decisions loaded by the seeder
  updated_by       uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(title_ky, title_ru, title_en) > 0)
);
CREATE INDEX decisions_campaign_idx ON decisions (campaign_id, decided_on);
CREATE TRIGGER decisions_touch BEFORE UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE commitments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref              text UNIQUE,
  decision_id      uuid NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  position         integer NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 10000),   -- order in the decision
  title_ky         text CHECK (length(title_ky) BETWEEN 1 AND 300),
  title_ru         text CHECK (length(title_ru) BETWEEN 1 AND 300),
  title_en         text CHECK (length(title_en) BETWEEN 1 AND 300),
  responsible      text NOT NULL CHECK (length(responsible) BETWEEN 1 AND 200),       -- the responsible body
  -- The straight-line plan runs from the baseline on start_on (the decision's date when NULL) to the
  -- target on due_on.
  start_on         date,
  due_on           date NOT NULL,
  indicator_ky     text CHECK (length(indicator_ky) BETWEEN 1 AND 200),              -- "km of main canal rehabilitated"
  indicator_ru     text CHECK (length(indicator_ru) BETWEEN 1 AND 200),
  indicator_en     text CHECK (length(indicator_en) BETWEEN 1 AND 200),
  unit             text NOT NULL CHECK (unit IN ('km','m','count','percent','households','people','kgs','m3_per_day','kw')),
  baseline         numeric(14,3) NOT NULL CHECK (baseline > -1e11 AND baseline < 1e11),
  target           numeric(14,3) NOT NULL CHECK (target > -1e11 AND target < 1e11),
  budget_line_id   bigint REFERENCES budget_lines(id) ON DELETE SET NULL,
  budget_amount    numeric(16,2) CHECK (budget_amount >= 0 AND budget_amount < 1e13),  -- KGS
  geom             geometry(Geometry,4326)
                   CHECK (geom IS NULL OR GeometryType(geom) IN ('POINT','LINESTRING','POLYGON'))
                   CHECK (geom IS NULL OR ST_IsValid(geom)),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by       uuid REFERENCES users(id),
  updated_by       uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(title_ky, title_ru, title_en) > 0),
  CHECK (num_nonnulls(indicator_ky, indicator_ru, indicator_en) > 0),
  CHECK (target <> baseline),
  CHECK (start_on IS NULL OR start_on < due_on)
);
CREATE INDEX commitments_decision_idx ON commitments (decision_id, position);
CREATE INDEX commitments_due_idx ON commitments (due_on);
CREATE INDEX commitments_geom_gix ON commitments USING gist (geom);
CREATE TRIGGER commitments_touch BEFORE UPDATE ON commitments FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Where a commitment is, besides (or instead of) its own geometry: annotations and map features.
CREATE TABLE commitment_links (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commitment_id    uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
  annotation_id    uuid REFERENCES annotations(id),
  layer            text CHECK (layer ~ '^[a-z_]{1,40}$'),
  feature_id       bigint CHECK (feature_id > 0),
  CHECK ((annotation_id IS NOT NULL) <> (layer IS NOT NULL AND feature_id IS NOT NULL)),
  CHECK ((layer IS NULL) = (feature_id IS NULL))
);
CREATE UNIQUE INDEX commitment_links_annotation_uq ON commitment_links (commitment_id, annotation_id) WHERE annotation_id IS NOT NULL;
CREATE UNIQUE INDEX commitment_links_feature_uq ON commitment_links (commitment_id, layer, feature_id) WHERE layer IS NOT NULL;
CREATE INDEX commitment_links_annotation_idx ON commitment_links (annotation_id) WHERE annotation_id IS NOT NULL;

-- A progress report: the indicator's value on a date, and/or text, evidence links and photos.
-- source: 'monitor' (the CSO's own monitoring) or 'official' (what the responsible body reported).
-- abandoned: the responsible body declared the commitment abandoned (the status becomes broken).
CREATE TABLE progress_updates (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref              text UNIQUE,
  commitment_id    uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
  reported_on      date NOT NULL,
  value            numeric(14,3) CHECK (value > -1e11 AND value < 1e11),
  abandoned        boolean NOT NULL DEFAULT false,
  body             text NOT NULL DEFAULT '' CHECK (length(body) <= 5000),
  lang             text CHECK (lang IN ('ky','ru','en')),
  source           text NOT NULL CHECK (source IN ('monitor','official')),
  documents        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array'),   -- [{url, label}]
  organisation_id  uuid NOT NULL REFERENCES organisations(id),   -- the poster's organisation
  created_by       uuid REFERENCES users(id),                    -- NULL for demo updates
  created_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz,
  deleted_by       uuid REFERENCES users(id),
  CHECK (value IS NOT NULL OR abandoned OR length(body) > 0),
  CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);
CREATE INDEX progress_updates_commitment_idx ON progress_updates (commitment_id, reported_on) WHERE deleted_at IS NULL;

-- Evidence photos of a progress update, through the annotations' photo pipeline (re-encoded JPEG
-- without metadata, a thumbnail; the GPS position only when the uploader asked to keep it).
CREATE TABLE progress_photos (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  update_id      uuid NOT NULL REFERENCES progress_updates(id) ON DELETE CASCADE,
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
CREATE INDEX progress_photos_update_idx ON progress_photos (update_id);

-- A monitor of another organisation the campaign is shared with confirms or disputes an update.
CREATE TABLE progress_verifications (
  update_id        uuid NOT NULL REFERENCES progress_updates(id) ON DELETE CASCADE,
  organisation_id  uuid NOT NULL REFERENCES organisations(id),
  verdict          text NOT NULL CHECK (verdict IN ('confirmed','disputed')),
  note             text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  verified_by      uuid REFERENCES users(id),
  verified_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (update_id, organisation_id)
);

-- The annotations a broken commitment reopened (also in the annotation's history, action 'status',
-- details.commitment), so the tracker shows which gaps it sent back to the council.
CREATE TABLE commitment_reopenings (
  commitment_id    uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
  annotation_id    uuid NOT NULL REFERENCES annotations(id),
  reopened_by      uuid NOT NULL REFERENCES users(id),
  reopened_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commitment_id, annotation_id, reopened_at)
);

-- 0003: campaigns, gap annotations, comments, council submissions and append-only history.
-- Visibility (who may read what) is one SQL predicate in server/src/access/visibility.ts; the
-- tables below only guarantee integrity.

CREATE TABLE campaigns (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref             text UNIQUE,        -- stable key of demo campaigns (the grant project id); NULL otherwise
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  title_ky        text CHECK (length(title_ky) BETWEEN 1 AND 200),
  title_ru        text CHECK (length(title_ru) BETWEEN 1 AND 200),
  title_en        text CHECK (length(title_en) BETWEEN 1 AND 200),
  description_ky  text CHECK (length(description_ky) <= 10000),
  description_ru  text CHECK (length(description_ru) <= 10000),
  description_en  text CHECK (length(description_en) <= 10000),
  target_council  text NOT NULL CHECK (length(target_council) BETWEEN 1 AND 200),
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','active','completed','archived')),
  area            geometry(Geometry,4326) NOT NULL
                  CHECK (GeometryType(area) IN ('POLYGON','MULTIPOLYGON'))
                  CHECK (ST_IsValid(area))
                  CHECK (ST_XMin(area) >= -180 AND ST_XMax(area) <= 180 AND ST_YMin(area) >= -85.0511 AND ST_YMax(area) <= 85.0511),
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by      uuid REFERENCES users(id),   -- NULL for demo campaigns loaded by the seeder
  updated_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(title_ky, title_ru, title_en) > 0)
);
CREATE INDEX campaigns_organisation_idx ON campaigns (organisation_id);
CREATE INDEX campaigns_area_gix ON campaigns USING gist (area);
CREATE TRIGGER campaigns_touch BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Organisations a campaign is shared with for review (their members see its drafts; engineers review).
CREATE TABLE campaign_shares (
  campaign_id      uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  organisation_id  uuid NOT NULL REFERENCES organisations(id),
  shared_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, organisation_id)
);
CREATE INDEX campaign_shares_organisation_idx ON campaign_shares (organisation_id);

CREATE TABLE annotations (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref                 text UNIQUE,    -- stable key of demo annotations; NULL otherwise
  campaign_id         uuid NOT NULL REFERENCES campaigns(id),
  organisation_id     uuid NOT NULL REFERENCES organisations(id),  -- the campaign's organisation (owner)
  title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description         text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  lang                text CHECK (lang IN ('ky','ru','en')),
  category            text NOT NULL CHECK (category IN ('broken_canal','drinking_water_irrigation','no_electricity','no_road',
                        'service_out_of_reach','sanitation','fire_safety','budget_allocation','other')),
  severity            smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
  affected_people     integer CHECK (affected_people BETWEEN 0 AND 100000000),
  affected_households integer CHECK (affected_households BETWEEN 0 AND 100000000),
  evidence            jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(evidence) = 'array'),
  linked_features     jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(linked_features) = 'array'),
  status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','submitted','response_recorded',
                        'planned','resolved','rejected','reopened')),
  status_changed_at   timestamptz NOT NULL DEFAULT now(),
  review_status       text NOT NULL DEFAULT 'unreviewed' CHECK (review_status IN ('unreviewed','acknowledged','needs_information','confirmed','disputed')),
  rejection_reason    text CHECK (length(rejection_reason) <= 5000),
  geom                geometry(Geometry,4326) NOT NULL
                      CHECK (GeometryType(geom) IN ('POINT','LINESTRING','POLYGON'))
                      CHECK (ST_IsValid(geom))
                      CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857           geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  version             integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by          uuid NOT NULL REFERENCES users(id),
  updated_by          uuid NOT NULL REFERENCES users(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  deleted_at          timestamptz,                        -- soft delete; restore clears it
  deleted_by          uuid REFERENCES users(id),
  CHECK ((deleted_at IS NULL) = (deleted_by IS NULL)),
  CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
);
CREATE INDEX annotations_geom_gix ON annotations USING gist (geom);
CREATE INDEX annotations_geom_3857_gix ON annotations USING gist (geom_3857);
CREATE INDEX annotations_campaign_idx ON annotations (campaign_id);
CREATE INDEX annotations_organisation_idx ON annotations (organisation_id);
CREATE INDEX annotations_status_idx ON annotations (status);
CREATE INDEX annotations_updated_idx ON annotations (updated_at DESC);
CREATE TRIGGER annotations_touch BEFORE UPDATE ON annotations FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- One row per submission of an annotation to a council; the official response completes it.
-- response_days is the time from submission to response, counted per council.
CREATE TABLE council_submissions (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  annotation_id         uuid NOT NULL REFERENCES annotations(id),
  council               text NOT NULL CHECK (length(council) BETWEEN 1 AND 200),
  reference             text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
  submitted_on          date NOT NULL,
  submitted_by          uuid NOT NULL REFERENCES users(id),
  submitted_at          timestamptz NOT NULL DEFAULT now(),
  response_text         text CHECK (length(response_text) BETWEEN 1 AND 10000),
  response_on           date,
  response_document_url text CHECK (response_document_url ~ '^https?://'),
  responded_by          uuid REFERENCES users(id),
  responded_at          timestamptz,
  response_days         integer GENERATED ALWAYS AS (response_on - submitted_on) STORED,
  CHECK (response_on IS NULL OR response_on >= submitted_on),
  CHECK (num_nonnulls(response_text, response_on, responded_by, responded_at) IN (0, 4))
);
CREATE INDEX council_submissions_annotation_idx ON council_submissions (annotation_id, submitted_at);
CREATE INDEX council_submissions_council_idx ON council_submissions (council);

CREATE TABLE annotation_comments (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  annotation_id  uuid NOT NULL REFERENCES annotations(id),
  author_id      uuid NOT NULL REFERENCES users(id),
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz,
  deleted_by     uuid REFERENCES users(id),
  CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);
CREATE INDEX annotation_comments_annotation_idx ON annotation_comments (annotation_id, created_at);

-- Append-only history: every change with who, when, and the state before and after.
CREATE TABLE annotation_history (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  annotation_id  uuid NOT NULL REFERENCES annotations(id),
  version        integer NOT NULL,
  action         text NOT NULL CHECK (action IN ('create','update','status','review','delete','restore')),
  actor_id       uuid NOT NULL REFERENCES users(id),
  at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  before         jsonb,
  after          jsonb NOT NULL,
  details        jsonb              -- a status change's data: submission, response, reason, note
);
CREATE INDEX annotation_history_annotation_idx ON annotation_history (annotation_id, id);

CREATE TABLE campaign_history (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id    uuid NOT NULL REFERENCES campaigns(id),
  version        integer NOT NULL,
  action         text NOT NULL CHECK (action IN ('create','update')),
  actor_id       uuid REFERENCES users(id),        -- NULL: the demo-data loader
  at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  before         jsonb,
  after          jsonb NOT NULL
);
CREATE INDEX campaign_history_campaign_idx ON campaign_history (campaign_id, id);

CREATE FUNCTION forbid_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: its rows cannot be changed or deleted', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;

CREATE TRIGGER annotation_history_append_only BEFORE UPDATE OR DELETE ON annotation_history FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER annotation_history_no_truncate BEFORE TRUNCATE ON annotation_history FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER campaign_history_append_only BEFORE UPDATE OR DELETE ON campaign_history FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER campaign_history_no_truncate BEFORE TRUNCATE ON campaign_history FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();

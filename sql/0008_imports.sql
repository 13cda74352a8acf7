-- 0008: imports and organisation layers (server/src/imports/, server/src/layers/organisation.ts).
--
-- An import is recorded from the upload on: who, when, the file's name, size and hash, what was
-- detected, the mapping, the validation report and the result. Features are staged per import while
-- the user maps them (import_staging: the source row as read, the mapped row, the geometry as read),
-- so PostGIS validates them and the commit is one INSERT … SELECT per batch in ONE transaction. An
-- import into a shared layer tags its rows with import_id; rows it replaced are kept as JSON in
-- import_replaced, so an undo removes what it added and puts back what it replaced.
CREATE TABLE imports (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid REFERENCES organisations(id),
  created_by      uuid NOT NULL REFERENCES users(id),
  filename        text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  size            bigint NOT NULL CHECK (size >= 0),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  upload_path     text,                 -- the file in the upload folder until the import is committed or discarded
  detection       jsonb NOT NULL,
  mapping         jsonb,
  report          jsonb,
  result          jsonb,
  target_layer    text,                 -- the layer written to: a shared layer id or an organisation layer id
  status          text NOT NULL DEFAULT 'detected'
                  CHECK (status IN ('detected','mapped','committing','committed','failed','undone','discarded')),
  error           text,
  idempotency_key text CHECK (length(idempotency_key) <= 200),
  created_at      timestamptz NOT NULL DEFAULT now(),
  committed_at    timestamptz,
  undone_at       timestamptz
);
CREATE INDEX imports_org_idx ON imports (organisation_id, created_at DESC);

CREATE TABLE import_staging (
  import_id  uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  idx        integer NOT NULL,          -- the feature's number in the file (CSV: its line number)
  source     jsonb NOT NULL,            -- the source columns as read
  target     jsonb,                     -- the row for the target table, mapped
  geom       geometry(Geometry,4326),   -- as read (may be invalid: the report says so)
  issues     jsonb,                     -- problems found while mapping: [{kind, detail}]
  final_geom geometry(Geometry,4326),   -- what will be stored: the geometry, repaired when asked, 2D
  blocking   boolean NOT NULL DEFAULT false, -- this feature has a problem that stops the commit
  PRIMARY KEY (import_id, idx)
);

CREATE TABLE import_replaced (
  import_id  uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  layer      text NOT NULL,
  row_data   jsonb NOT NULL
);
CREATE INDEX import_replaced_idx ON import_replaced (import_id);

ALTER TABLE canals      ADD COLUMN import_id uuid REFERENCES imports(id) ON DELETE SET NULL;
ALTER TABLE settlements ADD COLUMN import_id uuid REFERENCES imports(id) ON DELETE SET NULL;
ALTER TABLE facilities  ADD COLUMN import_id uuid REFERENCES imports(id) ON DELETE SET NULL;
ALTER TABLE power_lines ADD COLUMN import_id uuid REFERENCES imports(id) ON DELETE SET NULL;
ALTER TABLE water_mains ADD COLUMN import_id uuid REFERENCES imports(id) ON DELETE SET NULL;
ALTER TABLE roads       ADD COLUMN import_id uuid REFERENCES imports(id) ON DELETE SET NULL;

-- A GeoJSON geometry that PostGIS cannot build (a ring of three positions, NaN) is NULL here rather
-- than an error that would stop the whole batch; the report names it.
CREATE FUNCTION import_geometry(doc text) RETURNS geometry LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN ST_SetSRID(ST_GeomFromGeoJSON(doc), 4326);
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- An organisation's own layer, made from a file. Its rows follow the same visibility rule as
-- annotations (access/visibility.ts): drafts only for the organisation and the organisations the
-- campaign it belongs to is shared with; published ones for everyone.
CREATE TABLE organisation_layers (
  id              text PRIMARY KEY CHECK (id ~ '^org-[0-9a-f]{8}$'),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  campaign_id     uuid REFERENCES campaigns(id),
  import_id       uuid REFERENCES imports(id) ON DELETE SET NULL,
  title           jsonb NOT NULL,       -- {ky, ru, en}
  description     jsonb NOT NULL DEFAULT '{}',
  columns         jsonb NOT NULL,       -- [{name, type, source}] in the file's order
  style           jsonb NOT NULL,       -- {color, symbol, categoryAttribute?, categoryColors?}
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  source          text NOT NULL,
  source_date     date,
  licence         text NOT NULL,
  provenance      text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  created_by      uuid NOT NULL REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deleted_at      timestamptz
);
CREATE INDEX organisation_layers_org_idx ON organisation_layers (organisation_id);

CREATE TABLE organisation_features (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  layer_id    text NOT NULL REFERENCES organisation_layers(id) ON DELETE CASCADE,
  idx         integer NOT NULL,         -- the feature's number in the source file
  properties  jsonb NOT NULL,
  geom        geometry(Geometry,4326) NOT NULL
              CHECK (GeometryType(geom) IN ('POINT','LINESTRING','POLYGON','MULTIPOINT','MULTILINESTRING','MULTIPOLYGON'))
              CHECK (ST_IsValid(geom)),
  geom_3857   geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED
);
CREATE INDEX organisation_features_layer_idx ON organisation_features (layer_id, idx);
CREATE INDEX organisation_features_geom_idx ON organisation_features USING gist (geom);
CREATE INDEX organisation_features_geom_3857_idx ON organisation_features USING gist (geom_3857);

-- The rows of every organisation layer with the columns the visibility predicate reads.
CREATE VIEW organisation_layer_rows AS
SELECT f.id, f.layer_id, f.idx, f.properties, f.geom, f.geom_3857,
       l.organisation_id, l.campaign_id, l.status, l.deleted_at,
       l.source, l.source_date, l.licence, l.provenance
FROM organisation_features f
JOIN organisation_layers l ON l.id = f.layer_id;

-- One data version for all organisation layers: a change to any of them (rows, publishing) moves it.
CREATE FUNCTION bump_organisation_layers_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO layer_versions (layer, version, changed_at) VALUES ('organisation_layers', 1, now())
  ON CONFLICT (layer) DO UPDATE SET version = layer_versions.version + 1, changed_at = now();
  RETURN NULL;
END $$;
CREATE TRIGGER organisation_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_layers FOR EACH STATEMENT EXECUTE FUNCTION bump_organisation_layers_version();
CREATE TRIGGER organisation_features_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_features FOR EACH STATEMENT EXECUTE FUNCTION bump_organisation_layers_version();
CREATE TRIGGER organisation_layers_touch BEFORE UPDATE ON organisation_layers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

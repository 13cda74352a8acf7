-- 0001: core reference layers, provenance and data versions.
-- Runs unchanged on PGlite (PostgreSQL 18 + PostGIS 3.6) and PostgreSQL >= 15 + PostGIS >= 3.3.
-- Geometries are stored in EPSG:4326; a generated EPSG:3857 copy feeds the vector tiles.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Where data comes from. Every feature row names one dataset and carries its own citation.
CREATE TABLE datasets (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{1,63}$'),
  title         text NOT NULL,
  publisher     text NOT NULL,
  url           text,
  licence       text NOT NULL,
  licence_url   text,
  attribution   text NOT NULL,        -- the credit line shown on maps and exports
  source_date   date,
  notes         text
);

-- Facility kinds with a default service radius (metres); see data/README.md for the basis.
CREATE TABLE facility_kinds (
  kind                     text PRIMARY KEY,
  default_service_radius_m integer NOT NULL CHECK (default_service_radius_m > 0 AND default_service_radius_m <= 200000),
  radius_basis             text NOT NULL
);

-- Shared column groups are spelled out per table so each table reads on its own.

CREATE TABLE canals (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref           text UNIQUE,                      -- stable key from the source (re-seeding upserts on it)
  name_ky       text, name_ru text, name_en text,
  class         text NOT NULL CHECK (class IN ('main','distributor','on_farm','drain')),
  condition     text NOT NULL DEFAULT 'unknown' CHECK (condition IN ('good','fair','poor','broken','unknown')),
  lined         boolean,
  capacity_lps  numeric CHECK (capacity_lps >= 0),
  year_built    integer CHECK (year_built BETWEEN 1850 AND 2100),
  operator      text,
  municipality  text,
  notes         text,
  dataset_id    text NOT NULL REFERENCES datasets(id),
  source        text NOT NULL,
  source_date   date,
  licence       text NOT NULL,
  provenance    text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  geom          geometry(Geometry,4326) NOT NULL
                CHECK (GeometryType(geom) IN ('LINESTRING','MULTILINESTRING'))
                CHECK (ST_IsValid(geom))
                CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857     geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  length_m      double precision GENERATED ALWAYS AS (ST_Length(geom::geography)) STORED,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE settlements (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref             text UNIQUE,
  name_ky         text, name_ru text, name_en text,
  settlement_type text NOT NULL DEFAULT 'village' CHECK (settlement_type IN ('city','town','village','new_settlement')),
  legal_status    text NOT NULL DEFAULT 'unknown' CHECK (legal_status IN ('recognised','unregistered','legalisation_pending','unknown')),
  population      integer CHECK (population >= 0),
  households      integer CHECK (households >= 0),
  population_year integer CHECK (population_year BETWEEN 1900 AND 2100),
  water           text NOT NULL DEFAULT 'unknown' CHECK (water IN ('connected','partial','none','unknown')),
  electricity     text NOT NULL DEFAULT 'unknown' CHECK (electricity IN ('connected','partial','none','unknown')),
  road            text NOT NULL DEFAULT 'unknown' CHECK (road IN ('connected','partial','none','unknown')),
  irrigation      text NOT NULL DEFAULT 'unknown' CHECK (irrigation IN ('connected','partial','none','unknown')),
  services_missing integer GENERATED ALWAYS AS ((water = 'none')::int + (electricity = 'none')::int + (road = 'none')::int) STORED,
  municipality    text,
  district        text,
  region          text,
  soate           text,
  notes           text,
  dataset_id      text NOT NULL REFERENCES datasets(id),
  source          text NOT NULL,
  source_date     date,
  licence         text NOT NULL,
  provenance      text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  geom            geometry(Geometry,4326) NOT NULL
                  CHECK (GeometryType(geom) IN ('POINT','POLYGON','MULTIPOLYGON'))
                  CHECK (ST_IsValid(geom))
                  CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857       geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE facilities (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref              text UNIQUE,
  name_ky          text, name_ru text, name_en text,
  kind             text NOT NULL REFERENCES facility_kinds(kind),
  capacity         integer CHECK (capacity >= 0),
  capacity_unit    text CHECK (capacity_unit IN ('beds','pupils','places','stalls','lps','kva','visits_per_day')),
  condition        text NOT NULL DEFAULT 'unknown' CHECK (condition IN ('good','fair','poor','broken','unknown')),
  service_radius_m integer CHECK (service_radius_m > 0 AND service_radius_m <= 200000), -- NULL: the kind's default
  operator         text,
  municipality     text,
  notes            text,
  dataset_id       text NOT NULL REFERENCES datasets(id),
  source           text NOT NULL,
  source_date      date,
  licence          text NOT NULL,
  provenance       text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  geom             geometry(Point,4326) NOT NULL
                   CHECK (ST_X(geom) BETWEEN -180 AND 180 AND ST_Y(geom) BETWEEN -85.0511 AND 85.0511),
  geom_3857        geometry(Point,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Supporting networks (used by gap analysis: distance from an unserved settlement to the network).
CREATE TABLE power_lines (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref           text UNIQUE,
  name_ky       text, name_ru text, name_en text,
  voltage_kv    numeric CHECK (voltage_kv > 0 AND voltage_kv <= 1150),
  status        text NOT NULL DEFAULT 'operational' CHECK (status IN ('operational','planned','out_of_service','unknown')),
  operator      text,
  notes         text,
  dataset_id    text NOT NULL REFERENCES datasets(id),
  source        text NOT NULL,
  source_date   date,
  licence       text NOT NULL,
  provenance    text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  geom          geometry(Geometry,4326) NOT NULL
                CHECK (GeometryType(geom) IN ('LINESTRING','MULTILINESTRING'))
                CHECK (ST_IsValid(geom))
                CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857     geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE water_mains (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref           text UNIQUE,
  name_ky       text, name_ru text, name_en text,
  diameter_mm   integer CHECK (diameter_mm > 0 AND diameter_mm <= 5000),
  material      text,
  status        text NOT NULL DEFAULT 'operational' CHECK (status IN ('operational','planned','out_of_service','unknown')),
  operator      text,
  notes         text,
  dataset_id    text NOT NULL REFERENCES datasets(id),
  source        text NOT NULL,
  source_date   date,
  licence       text NOT NULL,
  provenance    text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  geom          geometry(Geometry,4326) NOT NULL
                CHECK (GeometryType(geom) IN ('LINESTRING','MULTILINESTRING'))
                CHECK (ST_IsValid(geom))
                CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857     geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roads (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref           text UNIQUE,
  name_ky       text, name_ru text, name_en text,
  road_class    text NOT NULL DEFAULT 'local' CHECK (road_class IN ('international','national','regional','local','street','track')),
  surface       text NOT NULL DEFAULT 'unknown' CHECK (surface IN ('paved','gravel','dirt','unknown')),
  status        text NOT NULL DEFAULT 'operational' CHECK (status IN ('operational','planned','out_of_service','unknown')),
  notes         text,
  dataset_id    text NOT NULL REFERENCES datasets(id),
  source        text NOT NULL,
  source_date   date,
  licence       text NOT NULL,
  provenance    text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  geom          geometry(Geometry,4326) NOT NULL
                CHECK (GeometryType(geom) IN ('LINESTRING','MULTILINESTRING'))
                CHECK (ST_IsValid(geom))
                CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857     geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Spatial indexes (4326 for bbox queries, 3857 for tiles) and the usual filter columns.
CREATE INDEX canals_geom_gix            ON canals      USING gist (geom);
CREATE INDEX canals_geom_3857_gix       ON canals      USING gist (geom_3857);
CREATE INDEX canals_class_idx           ON canals (class);
CREATE INDEX settlements_geom_gix       ON settlements USING gist (geom);
CREATE INDEX settlements_geom_3857_gix  ON settlements USING gist (geom_3857);
CREATE INDEX facilities_geom_gix        ON facilities  USING gist (geom);
CREATE INDEX facilities_geom_3857_gix   ON facilities  USING gist (geom_3857);
CREATE INDEX facilities_kind_idx        ON facilities (kind);
CREATE INDEX power_lines_geom_gix       ON power_lines USING gist (geom);
CREATE INDEX power_lines_geom_3857_gix  ON power_lines USING gist (geom_3857);
CREATE INDEX water_mains_geom_gix       ON water_mains USING gist (geom);
CREATE INDEX water_mains_geom_3857_gix  ON water_mains USING gist (geom_3857);
CREATE INDEX roads_geom_gix             ON roads       USING gist (geom);
CREATE INDEX roads_geom_3857_gix        ON roads       USING gist (geom_3857);

-- A data version per layer, bumped by any write, so tile caches and ETags follow the data.
CREATE TABLE layer_versions (
  layer       text PRIMARY KEY,
  version     bigint NOT NULL DEFAULT 1,
  changed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO layer_versions (layer, version, changed_at) VALUES (TG_TABLE_NAME, 1, now())
  ON CONFLICT (layer) DO UPDATE SET version = layer_versions.version + 1, changed_at = now();
  RETURN NULL;
END $$;

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

CREATE TRIGGER canals_version      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON canals      FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER settlements_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settlements FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER facilities_version  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facilities  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER power_lines_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON power_lines FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER water_mains_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON water_mains FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER roads_version       AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roads       FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();

CREATE TRIGGER canals_touch      BEFORE UPDATE ON canals      FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER settlements_touch BEFORE UPDATE ON settlements FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER facilities_touch  BEFORE UPDATE ON facilities  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER power_lines_touch BEFORE UPDATE ON power_lines FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER water_mains_touch BEFORE UPDATE ON water_mains FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER roads_touch       BEFORE UPDATE ON roads       FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- 0009: the OpenStreetMap basemap of context (npm run import:osm): buildings, landuse, water areas,
-- every road and path, place labels. Served as vector tiles at /api/basemap/osm/{z}/{x}/{y}.mvt and
-- drawn by the print renderer; never part of the analyses (the shared layers get their OSM rows in
-- their own tables, with dataset 'osm').
-- Runs unchanged on PGlite (PostgreSQL 18 + PostGIS 3.6) and PostgreSQL >= 15 + PostGIS >= 3.3.
-- Every row is OSM data: © OpenStreetMap contributors, ODbL-1.0 (the datasets row 'osm', written by
-- the import). `ref` is the OSM object ('osm:way/45'), the key a re-run upserts on; `min_zoom` is
-- the first zoom the feature is drawn at (server/src/osm/osm.mapping.ts), so a tile reads one column.

CREATE TABLE osm_buildings (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref         text NOT NULL UNIQUE CHECK (ref ~ '^osm:(way|relation)/[0-9]+$'),
  building    text NOT NULL,                    -- the building=* value ('yes', 'house', 'school', …)
  name        text,
  min_zoom    smallint NOT NULL CHECK (min_zoom BETWEEN 0 AND 22),
  geom        geometry(Geometry,4326) NOT NULL
              CHECK (GeometryType(geom) IN ('POLYGON','MULTIPOLYGON'))
              CHECK (ST_IsValid(geom))
              CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857   geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE osm_landuse (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref         text NOT NULL UNIQUE CHECK (ref ~ '^osm:(way|relation)/[0-9]+$'),
  class       text NOT NULL CHECK (class IN ('residential','farmland','orchard','meadow','grass','forest','park',
                                              'cemetery','industrial','commercial','retail','allotments','quarry','construction',
                                              'scrub','sand','rock','bare','wetland','glacier','other')),
  name        text,
  min_zoom    smallint NOT NULL CHECK (min_zoom BETWEEN 0 AND 22),
  geom        geometry(Geometry,4326) NOT NULL
              CHECK (GeometryType(geom) IN ('POLYGON','MULTIPOLYGON'))
              CHECK (ST_IsValid(geom))
              CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857   geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE osm_water (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref         text NOT NULL UNIQUE CHECK (ref ~ '^osm:(way|relation)/[0-9]+$'),
  class       text NOT NULL CHECK (class IN ('lake','reservoir','river','pond','basin','other')),
  name_ky     text, name_ru text, name_en text,
  min_zoom    smallint NOT NULL CHECK (min_zoom BETWEEN 0 AND 22),
  geom        geometry(Geometry,4326) NOT NULL
              CHECK (GeometryType(geom) IN ('POLYGON','MULTIPOLYGON'))
              CHECK (ST_IsValid(geom))
              CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857   geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE osm_roads (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref         text NOT NULL UNIQUE CHECK (ref ~ '^osm:way/[0-9]+$'),
  class       text NOT NULL CHECK (class IN ('motorway','trunk','primary','secondary','tertiary','minor','service','track','path')),
  name_ky     text, name_ru text, name_en text,
  min_zoom    smallint NOT NULL CHECK (min_zoom BETWEEN 0 AND 22),
  geom        geometry(Geometry,4326) NOT NULL
              CHECK (GeometryType(geom) IN ('LINESTRING','MULTILINESTRING'))
              CHECK (ST_IsValid(geom))
              CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857   geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE osm_places (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref         text NOT NULL UNIQUE CHECK (ref ~ '^osm:(node|way|relation)/[0-9]+$'),
  class       text NOT NULL CHECK (class IN ('city','town','village','hamlet','suburb','neighbourhood','locality')),
  name_ky     text, name_ru text, name_en text,
  population  integer CHECK (population >= 0),
  min_zoom    smallint NOT NULL CHECK (min_zoom BETWEEN 0 AND 22),
  geom        geometry(Point,4326) NOT NULL        -- a place area is kept as a point on its surface
              CHECK (ST_X(geom) BETWEEN -180 AND 180 AND ST_Y(geom) BETWEEN -85.0511 AND 85.0511),
  geom_3857   geometry(Point,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX osm_buildings_geom_3857_gix ON osm_buildings USING gist (geom_3857);
CREATE INDEX osm_landuse_geom_3857_gix   ON osm_landuse   USING gist (geom_3857);
CREATE INDEX osm_water_geom_3857_gix     ON osm_water     USING gist (geom_3857);
CREATE INDEX osm_roads_geom_3857_gix     ON osm_roads     USING gist (geom_3857);
CREATE INDEX osm_places_geom_3857_gix    ON osm_places    USING gist (geom_3857);

-- Data versions (tile ETags and caches follow them) and updated_at, as on the shared layers. A re-run
-- of the import touches every row it still finds, so updated_at = the run's transaction time marks them.
CREATE TRIGGER osm_buildings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON osm_buildings FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER osm_landuse_version   AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON osm_landuse   FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER osm_water_version     AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON osm_water     FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER osm_roads_version     AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON osm_roads     FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER osm_places_version    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON osm_places    FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();

CREATE TRIGGER osm_buildings_touch BEFORE UPDATE ON osm_buildings FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER osm_landuse_touch   BEFORE UPDATE ON osm_landuse   FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER osm_water_touch     BEFORE UPDATE ON osm_water     FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER osm_roads_touch     BEFORE UPDATE ON osm_roads     FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER osm_places_touch    BEFORE UPDATE ON osm_places    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

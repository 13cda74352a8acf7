-- 0011: people where they live, and where the data is complete (server/src/population/, analysis/reach.sql.ts).
--
-- population: a shared layer of population counts — the centres of a gridded population raster
-- (WorldPop, GHSL: one row per populated cell, cell_m its size) or the points/polygons of any file
-- with a population column. The analyses count "people within reach" from it where it covers a
-- settlement (README "Gap analysis": the reach rule).
CREATE TABLE population (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref          text UNIQUE,
  population   double precision NOT NULL CHECK (population > 0 AND population < 1e7),
  year         integer CHECK (year BETWEEN 1900 AND 2100),
  cell_m       real CHECK (cell_m > 0 AND cell_m <= 10000),   -- the raster cell's size; NULL for a point or polygon from a file
  notes        text,
  dataset_id   text NOT NULL REFERENCES datasets(id),
  source       text NOT NULL,
  source_date  date,
  licence      text NOT NULL,
  provenance   text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  geom         geometry(Geometry,4326) NOT NULL
               CHECK (GeometryType(geom) IN ('POINT','POLYGON','MULTIPOLYGON'))
               CHECK (ST_IsValid(geom))
               CHECK (ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180 AND ST_YMin(geom) >= -85.0511 AND ST_YMax(geom) <= 85.0511),
  geom_3857    geometry(Geometry,3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  import_id    uuid REFERENCES imports(id) ON DELETE SET NULL
);
CREATE INDEX population_geom_gix      ON population USING gist (geom);
CREATE INDEX population_geom_3857_gix ON population USING gist (geom_3857);
CREATE INDEX population_dataset_idx   ON population (dataset_id);
CREATE TRIGGER population_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON population FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER population_touch BEFORE UPDATE ON population FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Which settlement each population unit (a population row, or an OpenStreetMap building) belongs to:
-- the nearest settlement (0 m inside a settlement's polygon) within the configured distance. Written
-- by population.repo.ts assignUnits() whenever settlements, population or buildings changed
-- (population_assignment holds the layer versions it was made at); the analyses only read it.
CREATE TABLE population_units (
  unit          text NOT NULL CHECK (unit IN ('cell','building')),
  unit_id       bigint NOT NULL,
  settlement_id bigint NOT NULL REFERENCES settlements(id) ON DELETE CASCADE,
  weight        double precision NOT NULL CHECK (weight > 0),  -- people (cell) or footprint m² (building)
  assign_m      real NOT NULL,                                 -- distance from the unit's point to the settlement
  geom          geometry(Point,4326) NOT NULL,                 -- the unit's point: the cell centre, the building's point on surface
  geom_3857     geometry(Point,3857) NOT NULL,
  PRIMARY KEY (unit, unit_id)
);
CREATE INDEX population_units_settlement_idx ON population_units (settlement_id, unit);

-- Per settlement, what population_units holds for it (written with them): which rule applies and how
-- far its farthest unit lies (a quick "none of its units can be in reach" test for the analyses).
CREATE TABLE population_summary (
  settlement_id bigint PRIMARY KEY REFERENCES settlements(id) ON DELETE CASCADE,
  cells         integer NOT NULL,
  buildings     integer NOT NULL,
  ext_m         real NOT NULL
);

CREATE TABLE population_assignment (
  id                  boolean PRIMARY KEY DEFAULT true CHECK (id),
  settlements_version bigint NOT NULL,
  population_version  bigint NOT NULL,
  buildings_version   bigint NOT NULL,
  max_m               integer NOT NULL,
  assigned_at         timestamptz NOT NULL DEFAULT now()
);

-- Where a dataset is complete, per layer (and facility kind): the area in which every facility of the
-- kind, every line of the network, is known to be in the data. Outside it the analyses say "no complete
-- data for this area" instead of a distance, a verdict or a cost. An area is a polygon, a list of
-- municipalities (settlements.municipality), or both. No row for a layer: complete nowhere.
CREATE TABLE complete_areas (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset_id     text NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  layer          text NOT NULL CHECK (layer IN ('facilities','canals','power_lines','water_mains','roads')),
  kind           text,                   -- a facility kind; NULL: every kind of the layer
  municipalities text[],
  geom           geometry(MultiPolygon,4326) CHECK (geom IS NULL OR ST_IsValid(geom)),
  note           text,
  import_id      uuid REFERENCES imports(id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (geom IS NOT NULL OR cardinality(municipalities) > 0)
);
CREATE INDEX complete_areas_layer_idx ON complete_areas (layer, kind);
CREATE INDEX complete_areas_geom_gix  ON complete_areas USING gist (geom);
CREATE TRIGGER complete_areas_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON complete_areas FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();

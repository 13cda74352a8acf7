-- One partial GiST index on facilities(geom_3857) per facility kind, for the service-coverage
-- analysis (server/src/analysis/coverage.repo.ts). Its KNN step asks, for every settlement, the
-- nearest facilities of ONE kind that are not broken:
--     FROM facilities f WHERE f.kind = $kind AND f.condition <> 'broken' ORDER BY f.geom_3857 <-> s.geom_3857 LIMIT 4
-- With the shared index (facilities_geom_3857_gix) the nearest-neighbour walk passes every facility
-- of the other kinds too; a per-kind index holds only the candidates. The predicates are exactly the
-- query's WHERE (the kind is a bound parameter, and an unnamed statement is planned with its value,
-- so the planner can prove the implication and choose the index). Results do not change: the same
-- rows, the same distances; only the access path. The kinds are those of data/demo/facility_kinds.json
-- (= FACILITY_KINDS in server/src/layers/facilities.ts); a kind added later simply uses the shared index.
CREATE INDEX facilities_clinic_geom_3857_gix           ON facilities USING gist (geom_3857) WHERE kind = 'clinic'           AND condition <> 'broken';
CREATE INDEX facilities_hospital_geom_3857_gix         ON facilities USING gist (geom_3857) WHERE kind = 'hospital'         AND condition <> 'broken';
CREATE INDEX facilities_kindergarten_geom_3857_gix     ON facilities USING gist (geom_3857) WHERE kind = 'kindergarten'     AND condition <> 'broken';
CREATE INDEX facilities_market_geom_3857_gix           ON facilities USING gist (geom_3857) WHERE kind = 'market'           AND condition <> 'broken';
CREATE INDEX facilities_municipal_office_geom_3857_gix ON facilities USING gist (geom_3857) WHERE kind = 'municipal_office' AND condition <> 'broken';
CREATE INDEX facilities_oncology_geom_3857_gix         ON facilities USING gist (geom_3857) WHERE kind = 'oncology'         AND condition <> 'broken';
CREATE INDEX facilities_pump_station_geom_3857_gix     ON facilities USING gist (geom_3857) WHERE kind = 'pump_station'     AND condition <> 'broken';
CREATE INDEX facilities_school_geom_3857_gix           ON facilities USING gist (geom_3857) WHERE kind = 'school'           AND condition <> 'broken';
CREATE INDEX facilities_substation_geom_3857_gix       ON facilities USING gist (geom_3857) WHERE kind = 'substation'       AND condition <> 'broken';
CREATE INDEX facilities_water_point_geom_3857_gix      ON facilities USING gist (geom_3857) WHERE kind = 'water_point'      AND condition <> 'broken';

-- 0018: each settlement's nearest facility and share of people within reach, per facility kind at the kind's
-- default radius, made once when the inputs change, read by the coverage analysis (server/src/analysis/
-- coverage.repo.ts). Per request the whole country takes 20,000 index probes for the nearest facility and,
-- with a population grid, ~1 M cell tests (~3.5 s); read from here it is the rest of the statement.
--
-- coverage_reach: per kind and settlement (computed as if the settlement lay in a complete area — whether
-- it does is decided per request): the nearest serving facility (nid, NULL when the kind has none) with its
-- exact geodesic distance d (unrounded), and the reach rule and share. Written by refreshCoverageReach()
-- whenever the facilities' or settlements' layer version or the population assignment differs from
-- coverage_reach_state (after seeds, the synthetic generator, imports and their undo, population and OSM
-- loads, and at start-up); until then, for another threshold, per-facility radii or a what-if, the analysis
-- computes per request — the same answer.
CREATE TABLE coverage_reach (
  kind          text NOT NULL,
  settlement_id bigint NOT NULL REFERENCES settlements(id) ON DELETE CASCADE,
  nid           bigint,
  d             double precision,
  rule          text NOT NULL,
  share         double precision NOT NULL,
  PRIMARY KEY (kind, settlement_id)
);

-- One row per kind stored: the inputs it was made from. assigned_at: population_assignment.assigned_at (the
-- population units and their summary), NULL when there was none.
CREATE TABLE coverage_reach_state (
  kind                text PRIMARY KEY,
  threshold_m         double precision NOT NULL,
  facilities_version  bigint NOT NULL,
  settlements_version bigint NOT NULL,
  assigned_at         timestamptz,
  made_at             timestamptz NOT NULL DEFAULT now()
);

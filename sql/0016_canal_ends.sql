-- 0016: each canal end's role in the network (and each canal's component), made once when the canals change, read by the canal
-- analysis (server/src/analysis/canals.repo.ts). Whether another canal passes within the tolerance of an
-- end takes one index probe per end: 400,000 probes (~20 s) for 200,000 canals, too slow per request.
--
-- canal_ends: one row per end of each part of each canal, at canal_ends_state.tolerance_m (the analyses'
-- default, 5 m): touches (another canal passes within the tolerance) and intake (the head of a main canal
-- no other canal feeds). Written by refreshCanalEnds() whenever the canals' layer version differs from
-- canal_ends_state.canals_version (after seeds, the synthetic generator, imports and their undo, and at
-- start-up); until then, and at any other tolerance, the analysis computes the ends per request — the
-- same answer. The roles do not depend on the analysis area (the other canal may lie anywhere).
CREATE TABLE canal_ends (
  canal_id  bigint NOT NULL REFERENCES canals(id) ON DELETE CASCADE,
  part      integer NOT NULL,
  which     text NOT NULL CHECK (which IN ('head','tail')),
  touches   boolean NOT NULL,
  intake    boolean NOT NULL,
  PRIMARY KEY (canal_id, part, which)
);

-- canal_components: the component of each canal in the whole country's network at the same tolerance (the
-- ST_ClusterDBSCAN of the analysis over every canal, ~2 s for 200,000 canals); made with canal_ends. An area
-- smaller than the country is clustered per request (a component may be cut by it).
CREATE TABLE canal_components (
  canal_id  bigint PRIMARY KEY REFERENCES canals(id) ON DELETE CASCADE,
  cid       integer NOT NULL
);

CREATE TABLE canal_ends_state (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  canals_version bigint NOT NULL,
  tolerance_m    double precision NOT NULL,
  made_at        timestamptz NOT NULL DEFAULT now()
);

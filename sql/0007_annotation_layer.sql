-- Annotations (gaps) as a registry layer (server/src/layers/annotations.ts). The view flattens an
-- annotation for maps and GIS tables: its organisation's name, its latest council submission, its
-- evidence links and the number of its photos. It carries the columns the ONE visibility predicate
-- reads (status, deleted_at, organisation_id, campaign_id: access/visibility.ts), which every read of
-- the layer applies for its reader; the view itself grants nothing.
CREATE VIEW annotation_layer AS
SELECT a.id,
       a.campaign_id,
       COALESCE(NULLIF(o.name_en, ''), NULLIF(o.name_ru, ''), o.name_ky) AS organisation,
       a.title, a.description, a.lang, a.category,
       a.severity::int AS severity,
       a.affected_people, a.affected_households, a.status,
       to_char(a.status_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS status_changed_at,
       a.review_status, a.rejection_reason,
       s.council, s.reference AS council_reference, s.submitted_on, s.response_on, s.response_days,
       (SELECT string_agg(e->>'url', ' ' ORDER BY n) FROM jsonb_array_elements(a.evidence) WITH ORDINALITY AS x(e, n)) AS evidence_urls,
       (SELECT count(*)::int FROM annotation_photos p WHERE p.annotation_id = a.id AND p.deleted_at IS NULL) AS photos,
       to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at,
       a.version,
       a.organisation_id, a.deleted_at, a.geom, a.geom_3857
FROM annotations a
JOIN organisations o ON o.id = a.organisation_id
LEFT JOIN LATERAL (
  SELECT cs.council, cs.reference, cs.submitted_on, cs.response_on, cs.response_days
  FROM council_submissions cs WHERE cs.annotation_id = a.id
  ORDER BY cs.submitted_at DESC, cs.id LIMIT 1
) s ON TRUE;

-- Tile caches follow the layer's data version, as for the shared layers (0001_core.sql). Only the
-- public tile is cached, and what it shows comes from the annotations table alone.
CREATE TRIGGER annotations_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON annotations FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();

-- 0017: the names of bodies are in ky, ru and en like the titles beside them: a campaign's target council
-- ("Каракол шаардык кеңеши", «Каракольский городской кенеш», "Karakol city council"), the body that took a
-- decision and the body responsible for a commitment. The council brief, the share page, the tracker, the
-- monitoring report and the reminders each show the name in the reader's language (server/src/i18n/pick.ts
-- falls back to another one where a language is missing). A name stored before this migration goes to the
-- language it is written in: Kyrgyz letters (ң, ө, ү) → ky, other Cyrillic → ru, anything else → en. The
-- campaign history's snapshots are rewritten the same way, so the history compares like with like.
ALTER TABLE campaigns
  ADD COLUMN target_council_ky text CHECK (length(target_council_ky) BETWEEN 1 AND 200),
  ADD COLUMN target_council_ru text CHECK (length(target_council_ru) BETWEEN 1 AND 200),
  ADD COLUMN target_council_en text CHECK (length(target_council_en) BETWEEN 1 AND 200);

CREATE FUNCTION pg_temp.name_lang(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN name ~ '[ңөүҢӨҮ]' THEN 'ky' WHEN name ~ '[А-Яа-яЁё]' THEN 'ru' ELSE 'en' END
$$;

UPDATE campaigns SET
  target_council_ky = CASE WHEN pg_temp.name_lang(target_council) = 'ky' THEN target_council END,
  target_council_ru = CASE WHEN pg_temp.name_lang(target_council) = 'ru' THEN target_council END,
  target_council_en = CASE WHEN pg_temp.name_lang(target_council) = 'en' THEN target_council END;

CREATE FUNCTION pg_temp.council_json(snapshot jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(snapshot -> 'targetCouncil') = 'string'
    THEN jsonb_set(snapshot, '{targetCouncil}', jsonb_build_object(
      'ky', CASE WHEN pg_temp.name_lang(snapshot ->> 'targetCouncil') = 'ky' THEN snapshot -> 'targetCouncil' ELSE 'null'::jsonb END,
      'ru', CASE WHEN pg_temp.name_lang(snapshot ->> 'targetCouncil') = 'ru' THEN snapshot -> 'targetCouncil' ELSE 'null'::jsonb END,
      'en', CASE WHEN pg_temp.name_lang(snapshot ->> 'targetCouncil') = 'en' THEN snapshot -> 'targetCouncil' ELSE 'null'::jsonb END))
    ELSE snapshot END
$$;

-- The history is append-only for the application; this one rewrite of its form (not of what happened) is
-- the schema's, inside this migration's transaction.
ALTER TABLE campaign_history DISABLE TRIGGER campaign_history_append_only;
UPDATE campaign_history SET before = pg_temp.council_json(before), after = pg_temp.council_json(after)
WHERE jsonb_typeof(before -> 'targetCouncil') = 'string' OR jsonb_typeof(after -> 'targetCouncil') = 'string';
ALTER TABLE campaign_history ENABLE TRIGGER campaign_history_append_only;

ALTER TABLE campaigns DROP COLUMN target_council;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_target_council_some
  CHECK (num_nonnulls(target_council_ky, target_council_ru, target_council_en) > 0);

-- The body that took a decision, and the body responsible for a commitment.
ALTER TABLE decisions
  ADD COLUMN body_ky text CHECK (length(body_ky) BETWEEN 1 AND 200),
  ADD COLUMN body_ru text CHECK (length(body_ru) BETWEEN 1 AND 200),
  ADD COLUMN body_en text CHECK (length(body_en) BETWEEN 1 AND 200);
UPDATE decisions SET
  body_ky = CASE WHEN pg_temp.name_lang(body) = 'ky' THEN body END,
  body_ru = CASE WHEN pg_temp.name_lang(body) = 'ru' THEN body END,
  body_en = CASE WHEN pg_temp.name_lang(body) = 'en' THEN body END;
ALTER TABLE decisions DROP COLUMN body;
ALTER TABLE decisions ADD CONSTRAINT decisions_body_some CHECK (num_nonnulls(body_ky, body_ru, body_en) > 0);

ALTER TABLE commitments
  ADD COLUMN responsible_ky text CHECK (length(responsible_ky) BETWEEN 1 AND 200),
  ADD COLUMN responsible_ru text CHECK (length(responsible_ru) BETWEEN 1 AND 200),
  ADD COLUMN responsible_en text CHECK (length(responsible_en) BETWEEN 1 AND 200);
UPDATE commitments SET
  responsible_ky = CASE WHEN pg_temp.name_lang(responsible) = 'ky' THEN responsible END,
  responsible_ru = CASE WHEN pg_temp.name_lang(responsible) = 'ru' THEN responsible END,
  responsible_en = CASE WHEN pg_temp.name_lang(responsible) = 'en' THEN responsible END;
ALTER TABLE commitments DROP COLUMN responsible;
ALTER TABLE commitments ADD CONSTRAINT commitments_responsible_some CHECK (num_nonnulls(responsible_ky, responsible_ru, responsible_en) > 0);

DROP FUNCTION pg_temp.council_json(jsonb);
DROP FUNCTION pg_temp.name_lang(text);

-- 0017: the names of bodies are in ky, ru and en like the titles beside them: a campaign's target council
-- ("Каракол шаардык кеңеши", «Каракольский городской кенеш», "Karakol city council"), the body that took a
-- decision and the body responsible for a commitment. The council brief, the share page, the tracker, the
-- monitoring report and the reminders each show the name in the reader's language (server/src/i18n/pick.ts
-- falls back to another one where a language is missing). A name stored before this migration goes to the
-- language it is written in: Kyrgyz letters (ң, ө, ү) → ky, other Cyrillic → ru, anything else → en. The
-- campaign history's snapshots are rewritten the same way, so the history compares like with like.

CREATE FUNCTION pg_temp.name_lang(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN name ~ '[ңөүҢӨҮ]' THEN 'ky' WHEN name ~ '[А-Яа-яЁё]' THEN 'ru' ELSE 'en' END
$$;

-- tbl.col (text, 1–200 characters, NOT NULL) becomes col_ky, col_ru, col_en, at least one of them set.
CREATE FUNCTION pg_temp.name_per_language(tbl text, col text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
  FOREACH l IN ARRAY ARRAY['ky', 'ru', 'en'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN %I text CHECK (length(%I) BETWEEN 1 AND 200)', tbl, col || '_' || l, col || '_' || l);
    EXECUTE format('UPDATE %I SET %I = %I WHERE pg_temp.name_lang(%I) = %L', tbl, col || '_' || l, col, col, l);
  END LOOP;
  EXECUTE format('ALTER TABLE %I DROP COLUMN %I', tbl, col);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (num_nonnulls(%I, %I, %I) > 0)',
    tbl, tbl || '_' || col || '_some', col || '_ky', col || '_ru', col || '_en');
END $$;

SELECT pg_temp.name_per_language('campaigns', 'target_council');
SELECT pg_temp.name_per_language('decisions', 'body');
SELECT pg_temp.name_per_language('commitments', 'responsible');

-- The campaign history's snapshots: "targetCouncil": "name" → {"ky": …, "ru": …, "en": …}.
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

DROP FUNCTION pg_temp.council_json(jsonb);
DROP FUNCTION pg_temp.name_per_language(text, text);
DROP FUNCTION pg_temp.name_lang(text);

-- 0012: local budgets beside the gaps (server/src/budgets/). A budget document is one phase of one
-- municipality's budget for one fiscal year (official data stops at the ayil okmotu or the city);
-- its lines carry the national budget classification as text codes. Allocations of a line to
-- settlements (villages) are the organisation's own explicit judgement, with their method and
-- evidence, never hidden. Visibility follows the annotations' rule: a draft is seen by its
-- organisation and the organisations its campaign is shared with; published, by everyone.

-- Labels of the budget classification codes (functional, economic, administrative), ky/ru/en.
CREATE TABLE budget_codes (
  scheme    text NOT NULL CHECK (scheme IN ('functional','economic','administrative')),
  code      text NOT NULL CHECK (code ~ '^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$'),
  label_ky  text NOT NULL CHECK (length(label_ky) BETWEEN 1 AND 300),
  label_ru  text NOT NULL CHECK (length(label_ru) BETWEEN 1 AND 300),
  label_en  text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 300),
  PRIMARY KEY (scheme, code)
);

-- A municipality's name in ky/ru/en (settlements.municipality holds one spelling, the key here).
CREATE TABLE municipality_names (
  municipality  text PRIMARY KEY CHECK (length(municipality) BETWEEN 1 AND 200),
  name_ky       text CHECK (length(name_ky) BETWEEN 1 AND 200),
  name_ru       text CHECK (length(name_ru) BETWEEN 1 AND 200),
  name_en       text CHECK (length(name_en) BETWEEN 1 AND 200)
);

CREATE TABLE budget_documents (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref               text UNIQUE,     -- stable key of demo documents; NULL otherwise
  organisation_id   uuid NOT NULL REFERENCES organisations(id),
  campaign_id       uuid REFERENCES campaigns(id) ON DELETE SET NULL,
  municipality      text NOT NULL CHECK (length(municipality) BETWEEN 1 AND 200),   -- settlements.municipality
  municipality_kind text NOT NULL CHECK (municipality_kind IN ('ayil_okmotu','city')),
  fiscal_year       integer NOT NULL CHECK (fiscal_year BETWEEN 1991 AND 2100),
  phase             text NOT NULL CHECK (phase IN ('proposed','approved','revised','executed')),
  title             text CHECK (length(title) <= 300),
  status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  source            text NOT NULL CHECK (length(source) BETWEEN 1 AND 1000),
  source_date       date,
  licence           text NOT NULL CHECK (length(licence) BETWEEN 1 AND 200),
  provenance        text NOT NULL CHECK (provenance IN ('real','derived','placeholder','illustrative')),
  notes             text CHECK (length(notes) <= 5000),
  import_id         uuid,            -- the budget import that made it (budget_imports.id)
  version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by        uuid REFERENCES users(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, municipality, fiscal_year, phase)
);
CREATE INDEX budget_documents_municipality_idx ON budget_documents (municipality, fiscal_year);
CREATE TRIGGER budget_documents_touch BEFORE UPDATE ON budget_documents FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE budget_lines (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id         uuid NOT NULL REFERENCES budget_documents(id) ON DELETE CASCADE,
  -- The same line in another phase or year has the same key (plan against actual, trends).
  line_key            text NOT NULL CHECK (length(line_key) BETWEEN 1 AND 120),
  direction           text NOT NULL CHECK (direction IN ('revenue','expenditure')),
  functional_code     text CHECK (length(functional_code) <= 20),
  economic_code       text CHECK (length(economic_code) <= 20),
  administrative_code text CHECK (length(administrative_code) <= 20),
  description         text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  funding_source      text NOT NULL CHECK (funding_source IN ('own_revenue','equalisation_grant','categorical_grant','local_contributions','donor')),
  nature              text NOT NULL CHECK (nature IN ('capital','current')),
  sector              text NOT NULL CHECK (sector IN ('drinking_water','irrigation','electricity','roads','health','education','markets','other')),
  amount              numeric(16,2) NOT NULL CHECK (amount >= 0 AND amount < 1e13),   -- KGS
  source_ref          text CHECK (length(source_ref) <= 200),   -- where it came from: "Sheet1, row 12"
  notes               text CHECK (length(notes) <= 2000),
  UNIQUE (document_id, line_key)
);
CREATE INDEX budget_lines_document_idx ON budget_lines (document_id);

-- A line's money placed on settlements: an amount, a share of the line, or split by population
-- among the listed settlements. The method and evidence are shown wherever the figure is.
CREATE TABLE budget_allocations (
  line_id        bigint NOT NULL REFERENCES budget_lines(id) ON DELETE CASCADE,
  settlement_id  bigint NOT NULL REFERENCES settlements(id) ON DELETE CASCADE,
  method         text NOT NULL CHECK (method IN ('project_site','by_population','explicit')),
  amount         numeric(16,2) CHECK (amount >= 0),
  share          numeric(9,8) CHECK (share > 0 AND share <= 1),
  evidence       text CHECK (length(evidence) <= 2000),
  PRIMARY KEY (line_id, settlement_id),
  CHECK ((method = 'by_population' AND amount IS NULL AND share IS NULL)
      OR (method <> 'by_population' AND num_nonnulls(amount, share) = 1))
);
CREATE INDEX budget_allocations_settlement_idx ON budget_allocations (settlement_id);

-- What each settlement pays into the local budget (taxes, levies, voluntary contributions).
CREATE TABLE budget_contributions (
  document_id    uuid NOT NULL REFERENCES budget_documents(id) ON DELETE CASCADE,
  settlement_id  bigint NOT NULL REFERENCES settlements(id) ON DELETE CASCADE,
  levy           text NOT NULL CHECK (levy IN ('land_tax','property_tax','income_tax','patent','local_fees','voluntary','other')),
  year           integer NOT NULL CHECK (year BETWEEN 1991 AND 2100),
  amount         numeric(16,2) NOT NULL CHECK (amount >= 0),
  evidence       text CHECK (length(evidence) <= 2000),
  PRIMARY KEY (document_id, settlement_id, levy, year)
);

-- A line tied to the gaps it answers: an annotation, or a feature of a registry layer.
CREATE TABLE budget_line_links (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  line_id        bigint NOT NULL REFERENCES budget_lines(id) ON DELETE CASCADE,
  annotation_id  uuid REFERENCES annotations(id) ON DELETE CASCADE,
  layer          text CHECK (layer ~ '^[a-z_]{1,40}$'),
  feature_id     bigint,
  CHECK ((annotation_id IS NOT NULL AND layer IS NULL AND feature_id IS NULL)
      OR (annotation_id IS NULL AND layer IS NOT NULL AND feature_id IS NOT NULL))
);
CREATE UNIQUE INDEX budget_line_links_unique ON budget_line_links (line_id, COALESCE(annotation_id::text, layer || ':' || feature_id::text));

-- A spreadsheet on its way in (CSV or XLSX): detected, mapped and checked, committed only when the
-- person accepts the report. `rows` holds the parsed lines; the file stays on disk until then.
CREATE TABLE budget_imports (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id  uuid NOT NULL REFERENCES organisations(id),
  created_by       uuid REFERENCES users(id),
  filename         text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  size             bigint NOT NULL CHECK (size >= 0),
  sha256           text NOT NULL,
  upload_path      text,
  format           text NOT NULL CHECK (format IN ('csv','xlsx')),
  detection        jsonb NOT NULL DEFAULT '{}'::jsonb,
  mapping          jsonb,
  report           jsonb,
  rows             jsonb,
  status           text NOT NULL DEFAULT 'detected' CHECK (status IN ('detected','checked','committed','discarded','failed')),
  document_id      uuid REFERENCES budget_documents(id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  committed_at     timestamptz
);
CREATE INDEX budget_imports_organisation_idx ON budget_imports (organisation_id, created_at DESC);

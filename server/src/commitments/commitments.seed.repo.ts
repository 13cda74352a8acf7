// SQL for the commitments demo (server/src/seed/demo-commitments.ts reads data/demo/commitments.json
// and calls these in one transaction). Upserts on `ref`, so a re-run updates the demo rows in place and
// keeps their ids (the tracker's addresses stay valid); a commitment's links are replaced.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { findLayer } from '../layers/registry.js';

type Db = Kysely<DB>;
type I18n = { ky: string; ru: string; en: string };

export interface SeedDecision {
  ref: string; organisationId: string; campaignId: string; kind: string; body: I18n; decidedOn: string; number: string | null;
  documentUrl: string | null; title: I18n; summary: I18n; status: string; source: string; licence: string; provenance: string;
}
export interface SeedCommitment {
  ref: string; position: number; title: I18n; responsible: I18n; startOn: string | null; dueOn: string; indicator: I18n;
  unit: string; baseline: number; target: number; budgetAmount: number | null; geometry: unknown | null;
}
export interface SeedUpdate {
  ref: string; reportedOn: string; value: number | null; abandoned: boolean; body: string; lang: string; source: string;
  documents: { url: string; label?: string }[]; organisationId: string;
}
export type SeedLink = { annotation: string } | { layer: string; feature: string };

/** Organisation ids by slug (the slugs the file names that the database does not hold are absent). */
export async function organisationIds(db: Db, slugs: string[]): Promise<Map<string, string>> {
  const rows = await sql<{ slug: string; id: string }>`SELECT slug, id FROM organisations WHERE slug = ANY(${slugs}::text[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.slug, r.id]));
}

/** The organisation's demo campaign of the project (demo-advocacy.ts gives it ref demo:campaign-<project>). */
export async function demoCampaignId(db: Db, organisationId: string, project: string): Promise<string | null> {
  const r = await sql<{ id: string }>`SELECT id FROM campaigns WHERE ref IN (${`demo:campaign-${project}`}, ${project}) AND organisation_id = ${organisationId} ORDER BY ref LIMIT 1`.execute(db);
  return r.rows[0]?.id ?? null;
}

/** The refs among `links` that the database does not hold (annotations, layer features), as "layer ref" texts. */
export async function unknownLinkRefs(db: Db, links: SeedLink[]): Promise<string[]> {
  const unknown: string[] = [];
  const annotations = [...new Set(links.flatMap((l) => ('annotation' in l ? [l.annotation] : [])))];
  if (annotations.length) {
    const have = new Set((await sql<{ ref: string }>`SELECT ref FROM annotations WHERE ref = ANY(${annotations}::text[])`.execute(db)).rows.map((r) => r.ref));
    unknown.push(...annotations.filter((a) => !have.has(a)).map((a) => `annotation ${a}`));
  }
  const byLayer = new Map<string, Set<string>>();
  for (const l of links) if ('layer' in l) byLayer.set(l.layer, (byLayer.get(l.layer) ?? new Set()).add(l.feature));
  for (const [layer, refs] of byLayer) {
    const def = findLayer(layer);
    if (!def) { unknown.push(`layer ${layer}`); continue; }
    const have = new Set((await sql<{ ref: string }>`SELECT ref FROM ${sql.table(def.table)} WHERE ref = ANY(${[...refs]}::text[])`.execute(db)).rows.map((r) => r.ref));
    unknown.push(...[...refs].filter((r) => !have.has(r)).map((r) => `${layer} feature ${r}`));
  }
  return unknown.sort();
}

export async function upsertDecision(db: Db, d: SeedDecision): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO decisions (ref, organisation_id, campaign_id, kind, body_ky, body_ru, body_en, decided_on, number, document_url,
      title_ky, title_ru, title_en, summary_ky, summary_ru, summary_en, status, source, licence, provenance)
    VALUES (${d.ref}, ${d.organisationId}, ${d.campaignId}, ${d.kind}, ${d.body.ky}, ${d.body.ru}, ${d.body.en}, ${d.decidedOn}::date, ${d.number}, ${d.documentUrl},
      ${d.title.ky}, ${d.title.ru}, ${d.title.en}, ${d.summary.ky}, ${d.summary.ru}, ${d.summary.en}, ${d.status}, ${d.source}, ${d.licence}, ${d.provenance})
    ON CONFLICT (ref) DO UPDATE SET organisation_id = EXCLUDED.organisation_id, campaign_id = EXCLUDED.campaign_id, kind = EXCLUDED.kind,
      body_ky = EXCLUDED.body_ky, body_ru = EXCLUDED.body_ru, body_en = EXCLUDED.body_en, decided_on = EXCLUDED.decided_on, number = EXCLUDED.number, document_url = EXCLUDED.document_url,
      title_ky = EXCLUDED.title_ky, title_ru = EXCLUDED.title_ru, title_en = EXCLUDED.title_en,
      summary_ky = EXCLUDED.summary_ky, summary_ru = EXCLUDED.summary_ru, summary_en = EXCLUDED.summary_en,
      status = EXCLUDED.status, source = EXCLUDED.source, licence = EXCLUDED.licence, provenance = EXCLUDED.provenance,
      version = decisions.version + 1
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function upsertCommitment(db: Db, decisionId: string, c: SeedCommitment): Promise<string> {
  const geom = c.geometry ? sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(c.geometry)}), 4326)` : sql`NULL::geometry`;
  const r = await sql<{ id: string }>`
    INSERT INTO commitments (ref, decision_id, position, title_ky, title_ru, title_en, responsible_ky, responsible_ru, responsible_en, start_on, due_on,
      indicator_ky, indicator_ru, indicator_en, unit, baseline, target, budget_amount, geom)
    VALUES (${c.ref}, ${decisionId}, ${c.position}, ${c.title.ky}, ${c.title.ru}, ${c.title.en}, ${c.responsible.ky}, ${c.responsible.ru}, ${c.responsible.en}, ${c.startOn}::date, ${c.dueOn}::date,
      ${c.indicator.ky}, ${c.indicator.ru}, ${c.indicator.en}, ${c.unit}, ${c.baseline}, ${c.target}, ${c.budgetAmount}, ${geom})
    ON CONFLICT (ref) DO UPDATE SET decision_id = EXCLUDED.decision_id, position = EXCLUDED.position,
      title_ky = EXCLUDED.title_ky, title_ru = EXCLUDED.title_ru, title_en = EXCLUDED.title_en, responsible_ky = EXCLUDED.responsible_ky, responsible_ru = EXCLUDED.responsible_ru, responsible_en = EXCLUDED.responsible_en,
      start_on = EXCLUDED.start_on, due_on = EXCLUDED.due_on, indicator_ky = EXCLUDED.indicator_ky, indicator_ru = EXCLUDED.indicator_ru,
      indicator_en = EXCLUDED.indicator_en, unit = EXCLUDED.unit, baseline = EXCLUDED.baseline, target = EXCLUDED.target,
      budget_amount = EXCLUDED.budget_amount, geom = EXCLUDED.geom, version = commitments.version + 1
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

/** Replaces the commitment's links (the refs were checked with unknownLinkRefs). */
export async function replaceLinks(db: Db, commitmentId: string, links: SeedLink[]): Promise<void> {
  await sql`DELETE FROM commitment_links WHERE commitment_id = ${commitmentId}`.execute(db);
  for (const l of links) {
    if ('annotation' in l) {
      await sql`INSERT INTO commitment_links (commitment_id, annotation_id) SELECT ${commitmentId}, a.id FROM annotations a WHERE a.ref = ${l.annotation}`.execute(db);
    } else {
      const def = findLayer(l.layer)!;
      await sql`INSERT INTO commitment_links (commitment_id, layer, feature_id) SELECT ${commitmentId}, ${l.layer}, f.id FROM ${sql.table(def.table)} f WHERE f.ref = ${l.feature}`.execute(db);
    }
  }
}

export async function upsertUpdate(db: Db, commitmentId: string, u: SeedUpdate): Promise<void> {
  await sql`
    INSERT INTO progress_updates (ref, commitment_id, reported_on, value, abandoned, body, lang, source, documents, organisation_id)
    VALUES (${u.ref}, ${commitmentId}, ${u.reportedOn}::date, ${u.value}, ${u.abandoned}, ${u.body}, ${u.lang}, ${u.source}, ${JSON.stringify(u.documents)}::jsonb, ${u.organisationId})
    ON CONFLICT (ref) DO UPDATE SET commitment_id = EXCLUDED.commitment_id, reported_on = EXCLUDED.reported_on, value = EXCLUDED.value,
      abandoned = EXCLUDED.abandoned, body = EXCLUDED.body, lang = EXCLUDED.lang, source = EXCLUDED.source, documents = EXCLUDED.documents,
      organisation_id = EXCLUDED.organisation_id, deleted_at = NULL, deleted_by = NULL`.execute(db);
}

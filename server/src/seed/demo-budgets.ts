// The budget demo (data/demo/budgets.json, built by data/scripts/build-budgets.ts; every amount is
// illustrative). Loaded after the demo organisations and campaigns exist: upserts the code labels and
// replaces the demo documents by `ref` (their lines, allocations, contributions and links go with them
// by ON DELETE CASCADE), in one transaction. A settlement, annotation or feature ref that the database
// does not hold stops the load with a message naming it; nothing is stored then.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Database, ScriptSession } from '../db/connect.js';
import { findLayer } from '../layers/registry.js';
import { ALLOCATION_METHODS, CODE_SCHEMES, DIRECTIONS, FUNDING_SOURCES, LEVIES, NATURES, PHASES, SECTORS } from '../budgets/budgets.schema.js';
import { PROVENANCE_CLASSES } from '../imports/imports.schema.js';
import type { BudgetSeedFile } from '../budgets/budgets.types.js';

const en = <T extends string>(values: readonly T[]) => z.enum(values as unknown as [T, ...T[]]);
const Allocation = z.object({
  settlement: z.string().min(1), method: en(ALLOCATION_METHODS),
  amount: z.number().min(0).optional(), share: z.number().gt(0).max(1).optional(), evidence: z.string().nullable(),
}).strict();
const Link = z.union([z.object({ annotation: z.string().min(1) }).strict(), z.object({ layer: z.string().min(1), feature: z.string().min(1) }).strict()]);
const Line = z.object({
  line_key: z.string().min(1).max(120), direction: en(DIRECTIONS),
  functional_code: z.string().nullable(), economic_code: z.string().nullable(), administrative_code: z.string().nullable(),
  description: z.string().min(1), funding_source: en(FUNDING_SOURCES), nature: en(NATURES), sector: en(SECTORS),
  amount: z.number().min(0), notes: z.string().nullable(),
  allocations: z.array(Allocation).optional(), links: z.array(Link).optional(),
}).strict();
const SeedFile = z.object({
  note: z.string(),
  codes: z.array(z.object({ scheme: en(CODE_SCHEMES), code: z.string().min(1), ky: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) }).strict()),
  documents: z.array(z.object({
    ref: z.string().min(1), org: z.string().min(1), project: z.string().min(1), municipality: z.string().min(1),
    municipality_kind: z.enum(['ayil_okmotu', 'city']), fiscal_year: z.number().int(), phase: en(PHASES),
    status: z.enum(['draft', 'published']), title: z.string().nullable(), source: z.string().min(1), source_date: z.string().nullable(),
    licence: z.string().min(1), provenance: en(PROVENANCE_CLASSES), notes: z.string().nullable(),
    lines: z.array(Line),
    contributions: z.array(z.object({ settlement: z.string().min(1), levy: en(LEVIES), year: z.number().int(), amount: z.number().min(0), evidence: z.string().nullable() }).strict()),
  }).strict()),
}).strict();

export interface BudgetsSeedReport { documents: number; lines: number }

/** Reads and checks data/demo/budgets.json (null when the demo has none). */
export function readBudgetSeed(dir: string): BudgetSeedFile | null {
  const file = path.join(dir, 'budgets.json');
  if (!fs.existsSync(file)) return null;
  const parsed = SeedFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`budgets.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as BudgetSeedFile;
}

/** Every ref the file names that the database does not hold (settlements, annotations, layer features). */
export async function unknownBudgetRefs(s: ScriptSession, seed: BudgetSeedFile): Promise<string[]> {
  const settlementRefs = new Set<string>();
  const annotationRefs = new Set<string>();
  const features = new Map<string, Set<string>>();
  const unknown: string[] = [];
  for (const d of seed.documents) {
    for (const c of d.contributions) settlementRefs.add(c.settlement);
    for (const l of d.lines) {
      for (const a of l.allocations ?? []) settlementRefs.add(a.settlement);
      for (const k of l.links ?? []) {
        if ('annotation' in k) annotationRefs.add(k.annotation);
        else {
          if (!findLayer(k.layer)) unknown.push(`layer ${k.layer} (${d.ref}, line ${l.line_key})`);
          else features.set(k.layer, (features.get(k.layer) ?? new Set()).add(k.feature));
        }
      }
    }
  }
  const missing = async (table: string, refs: Set<string>): Promise<string[]> => {
    if (!refs.size) return [];
    const have = new Set((await s.query<{ ref: string }>(`SELECT ref FROM ${table} WHERE ref = ANY($1::text[])`, [[...refs]])).map((r) => r.ref));
    return [...refs].filter((r) => !have.has(r)).sort();
  };
  unknown.push(...(await missing('settlements', settlementRefs)).map((r) => `settlement ${r}`));
  unknown.push(...(await missing('annotations', annotationRefs)).map((r) => `annotation ${r}`));
  for (const [layer, refs] of [...features].sort(([a], [b]) => (a < b ? -1 : 1))) {
    unknown.push(...(await missing(`"${findLayer(layer)!.table}"`, refs)).map((r) => `${layer} feature ${r}`));
  }
  return unknown;
}

export async function seedDemoBudgets(database: Database, dir: string): Promise<BudgetsSeedReport> {
  const seed = readBudgetSeed(dir);
  if (!seed) return { documents: 0, lines: 0 };
  return database.transactionScript(async (s) => {
    const unknown = await unknownBudgetRefs(s, seed);
    if (unknown.length) throw new Error(`budgets.json names what the database does not hold: ${unknown.join('; ')}. Nothing was stored.`);

    await s.query(
      `INSERT INTO budget_codes (scheme, code, label_ky, label_ru, label_en)
       SELECT c->>'scheme', c->>'code', c->>'ky', c->>'ru', c->>'en' FROM json_array_elements($1::json) c
       ON CONFLICT (scheme, code) DO UPDATE SET label_ky = EXCLUDED.label_ky, label_ru = EXCLUDED.label_ru, label_en = EXCLUDED.label_en`,
      [JSON.stringify(seed.codes)],
    );
    await s.query(`DELETE FROM budget_documents WHERE ref = ANY($1::text[])`, [seed.documents.map((d) => d.ref)]);

    let lines = 0;
    for (const d of seed.documents) {
      const org = await s.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [d.org]);
      if (!org[0]) throw new Error(`budgets.json: ${d.ref} names unknown organisation ${d.org}. Nothing was stored.`);
      // The organisation's demo campaign of the project (demo-advocacy.ts sets ref demo:campaign-<project>).
      const campaign = await s.query<{ id: string }>(
        `SELECT id FROM campaigns WHERE ref IN ($1, $2) AND organisation_id = $3 ORDER BY ref LIMIT 1`,
        [`demo:campaign-${d.project}`, d.project, org[0].id],
      );
      if (!campaign[0]) throw new Error(`budgets.json: ${d.ref}: organisation ${d.org} has no demo campaign for project ${d.project}. Nothing was stored.`);
      const doc = await s.query<{ id: string }>(
        `INSERT INTO budget_documents (ref, organisation_id, campaign_id, municipality, municipality_kind, fiscal_year, phase, title, status, source, source_date, licence, provenance, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $12, $13, $14) RETURNING id`,
        [d.ref, org[0].id, campaign[0].id, d.municipality, d.municipality_kind, d.fiscal_year, d.phase, d.title, d.status, d.source, d.source_date, d.licence, d.provenance, d.notes],
      );
      const docId = doc[0]!.id;
      await s.query(
        `INSERT INTO budget_lines (document_id, line_key, direction, functional_code, economic_code, administrative_code, description, funding_source, nature, sector, amount, notes)
         SELECT $1, l->>'line_key', l->>'direction', l->>'functional_code', l->>'economic_code', l->>'administrative_code', l->>'description',
                l->>'funding_source', l->>'nature', l->>'sector', (l->>'amount')::numeric, l->>'notes'
         FROM json_array_elements($2::json) l`,
        [docId, JSON.stringify(d.lines)],
      );
      lines += d.lines.length;
      const allocations = d.lines.flatMap((l) => (l.allocations ?? []).map((a) => ({ line_key: l.line_key, ...a })));
      if (allocations.length) {
        await s.query(
          `INSERT INTO budget_allocations (line_id, settlement_id, method, amount, share, evidence)
           SELECT bl.id, st.id, a->>'method', (a->>'amount')::numeric, (a->>'share')::numeric, a->>'evidence'
           FROM json_array_elements($2::json) a
           JOIN budget_lines bl ON bl.document_id = $1 AND bl.line_key = a->>'line_key'
           JOIN settlements st ON st.ref = a->>'settlement'`,
          [docId, JSON.stringify(allocations)],
        );
      }
      if (d.contributions.length) {
        await s.query(
          `INSERT INTO budget_contributions (document_id, settlement_id, levy, year, amount, evidence)
           SELECT $1, st.id, c->>'levy', (c->>'year')::int, (c->>'amount')::numeric, c->>'evidence'
           FROM json_array_elements($2::json) c JOIN settlements st ON st.ref = c->>'settlement'`,
          [docId, JSON.stringify(d.contributions)],
        );
      }
      for (const l of d.lines) {
        for (const k of l.links ?? []) {
          if ('annotation' in k) {
            await s.query(
              `INSERT INTO budget_line_links (line_id, annotation_id)
               SELECT bl.id, an.id FROM budget_lines bl, annotations an WHERE bl.document_id = $1 AND bl.line_key = $2 AND an.ref = $3`,
              [docId, l.line_key, k.annotation],
            );
          } else {
            const def = findLayer(k.layer)!;
            await s.query(
              `INSERT INTO budget_line_links (line_id, layer, feature_id)
               SELECT bl.id, $3, f.id FROM budget_lines bl, "${def.table}" f WHERE bl.document_id = $1 AND bl.line_key = $2 AND f.ref = $4`,
              [docId, l.line_key, k.layer, k.feature],
            );
          }
        }
      }
    }
    return { documents: seed.documents.length, lines };
  });
}

// The monitoring-visits demo (data/demo/visits.json; every answer is illustrative): three visits to
// Ak-Tilek bazaar a few months apart (Forward) and one to a Karakol canal section (Atuul). Loaded after
// the demo organisations and campaigns: copies data/checklists.json into the database, then replaces
// the demo visits by `ref`, each checked and scored like a visit sent to the API (VisitsService.score),
// in one transaction. A feature, campaign or commitment ref the database does not hold stops the load
// with a message naming it; nothing is stored then.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { findLayer } from '../layers/registry.js';
import { PROVENANCE_CLASSES } from '../imports/imports.schema.js';
import { ANSWERS, VISIT_LAYERS } from '../visits/visits.schema.js';
import * as repo from '../visits/visits.repo.js';
import { syncChecklists, VisitsService } from '../visits/visits.service.js';

const en = <T extends string>(values: readonly T[]) => z.enum(values as unknown as [T, ...T[]]);
const SeedFile = z.object({
  note: z.string(),
  visits: z.array(z.object({
    ref: z.string().min(1), org: z.string().min(1), project: z.string().min(1), layer: en(VISIT_LAYERS), feature: z.string().min(1),
    checklist: z.string().min(1), visited_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), status: z.enum(['draft', 'published']),
    lang: z.enum(['ky', 'ru', 'en']).nullable(), note: z.string().max(5000),
    answers: z.array(z.object({ item: z.string(), answer: en(ANSWERS), note: z.string().optional() }).strict()),
    source: z.string().min(1), source_date: z.string().nullable(), licence: z.string().min(1), provenance: en(PROVENANCE_CLASSES),
    commitments: z.array(z.string()),
  }).strict()),
}).strict();

export interface VisitsSeedReport { visits: number }

export async function seedDemoVisits(database: Database, dir: string): Promise<VisitsSeedReport> {
  const file = path.join(dir, 'visits.json');
  if (!fs.existsSync(file)) return { visits: 0 };
  const parsed = SeedFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`visits.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  await syncChecklists(database.db);
  await database.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM visits WHERE ref = ANY (${parsed.data.visits.map((v) => v.ref)}::text[])`.execute(trx);
    for (const v of parsed.data.visits) {
      const fail = (what: string) => { throw new Error(`visits.json: ${v.ref}: ${what}. Nothing was stored.`); };
      const campaign = (await sql<{ id: string; organisation_id: string }>`
        SELECT c.id, c.organisation_id FROM campaigns c JOIN organisations o ON o.id = c.organisation_id
        WHERE c.ref IN (${`demo:campaign-${v.project}`}, ${v.project}) AND o.slug = ${v.org} ORDER BY c.ref LIMIT 1`.execute(trx)).rows[0];
      if (!campaign) fail(`organisation ${v.org} has no demo campaign for project ${v.project}`);
      const featureId = (await sql<{ id: number }>`SELECT id FROM ${sql.table(findLayer(v.layer)!.table)} WHERE ref = ${v.feature}`.execute(trx)).rows[0]?.id;
      if (!featureId) fail(`layer ${v.layer} has no feature ${v.feature}`);
      const [checklist] = await repo.currentChecklists(trx, { code: v.checklist });
      if (!checklist) fail(`there is no checklist ${v.checklist}`);
      const s = VisitsService.score(checklist!, v.answers);
      const commitmentIds = v.commitments.length
        ? (await sql<{ id: string }>`SELECT id FROM commitments WHERE ref = ANY (${v.commitments}::text[])`.execute(trx)).rows.map((r) => r.id) : [];
      if (commitmentIds.length !== v.commitments.length) fail(`a commitment of ${v.commitments.join(', ')} is not in the database`);
      const id = await repo.insertVisit(trx, {
        ref: v.ref, organisationId: campaign!.organisation_id, campaignId: campaign!.id, layer: v.layer, featureId: Number(featureId),
        checklistCode: checklist!.code, checklistVersion: checklist!.version, visitedOn: v.visited_on, score: s.score, applicable: s.applicable,
        note: v.note, lang: v.lang, status: v.status, source: v.source, sourceDate: v.source_date, licence: v.licence, provenance: v.provenance, createdBy: null,
      });
      await repo.insertAnswers(trx, id, checklist!.code, checklist!.version, v.answers);
      await repo.replaceCommitments(trx, id, commitmentIds);
    }
  });
  return { visits: parsed.data.visits.length };
}

// The commitments demo (data/demo/commitments.json; every decision, date, figure and text is
// illustrative and marked so). Loaded after the demo organisations, campaigns and annotations exist:
// upserts the decisions, their commitments and progress updates on `ref` (links replaced), in one
// transaction. An organisation, campaign, annotation or feature the database does not hold stops the
// load with a message naming it; nothing is stored then.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { DECISION_KINDS, DECISION_STATUSES, UNITS, UPDATE_SOURCES } from '../commitments/commitments.schema.js';
import { PROVENANCE_CLASSES } from '../imports/imports.schema.js';
import { demoCampaignId, organisationIds, replaceLinks, unknownLinkRefs, upsertCommitment, upsertDecision, upsertUpdate, type SeedLink } from '../commitments/commitments.seed.repo.js';

const en = <T extends string>(values: readonly T[]) => z.enum(values as unknown as [T, ...T[]]);
const I18n = z.object({ ky: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) }).strict();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Geometry = z.object({ type: z.enum(['Point', 'LineString', 'Polygon']), coordinates: z.array(z.unknown()).min(1) }).strict();
const Link = z.union([z.object({ annotation: z.string().min(1) }).strict(), z.object({ layer: z.string().min(1), feature: z.string().min(1) }).strict()]);
const Update = z.object({
  ref: z.string().min(1), reported_on: Day, value: z.number().nullable(), abandoned: z.boolean().optional(), body: z.string().max(5000),
  lang: z.enum(['ky', 'ru', 'en']), source: en(UPDATE_SOURCES), org: z.string().min(1),
  documents: z.array(z.object({ url: z.string().regex(/^https?:\/\//), label: z.string().max(200).optional() }).strict()),
}).strict();
const Commitment = z.object({
  ref: z.string().min(1), title: I18n, responsible: I18n, start_on: Day.nullable(), due_on: Day,
  indicator: I18n, unit: en(UNITS), baseline: z.number(), target: z.number(), budget_amount: z.number().min(0).nullable(),
  geometry: Geometry.nullable(), links: z.array(Link), updates: z.array(Update),
}).strict().refine((c) => c.target !== c.baseline, 'target equals baseline');
const Decision = z.object({
  ref: z.string().min(1), org: z.string().min(1), project: z.string().min(1), kind: en(DECISION_KINDS), body: I18n,
  decided_on: Day, number: z.string().nullable(), document_url: z.string().regex(/^https?:\/\//).nullable(), title: I18n, summary: I18n,
  status: en(DECISION_STATUSES), source: z.string().min(1).max(1000), source_date: Day, licence: z.string().min(1).max(200),
  provenance: en(PROVENANCE_CLASSES), commitments: z.array(Commitment).min(1),
}).strict();
export const CommitmentsSeedFile = z.object({ note: z.string(), decisions: z.array(Decision) }).strict();
export type CommitmentsSeed = z.infer<typeof CommitmentsSeedFile>;

export interface CommitmentsSeedReport { decisions: number; commitments: number; updates: number }

/** Reads and checks data/demo/commitments.json (null when the demo has none). */
export function readCommitmentsSeed(dir: string): CommitmentsSeed | null {
  const file = path.join(dir, 'commitments.json');
  if (!fs.existsSync(file)) return null;
  const parsed = CommitmentsSeedFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`commitments.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export async function seedDemoCommitments(database: Database, dir: string): Promise<CommitmentsSeedReport> {
  const seed = readCommitmentsSeed(dir);
  if (!seed) return { decisions: 0, commitments: 0, updates: 0 };
  return database.db.transaction().execute(async (trx) => {
    const slugs = [...new Set(seed.decisions.flatMap((d) => [d.org, ...d.commitments.flatMap((c) => c.updates.map((u) => u.org))]))];
    const orgs = await organisationIds(trx, slugs);
    const unknown = slugs.filter((s) => !orgs.has(s)).map((s) => `organisation ${s}`);
    unknown.push(...await unknownLinkRefs(trx, seed.decisions.flatMap((d) => d.commitments.flatMap((c) => c.links as SeedLink[]))));
    if (unknown.length) throw new Error(`commitments.json names what the database does not hold: ${unknown.join('; ')}. Nothing was stored.`);
    const report: CommitmentsSeedReport = { decisions: 0, commitments: 0, updates: 0 };
    for (const d of seed.decisions) {
      const organisationId = orgs.get(d.org)!;
      const campaignId = await demoCampaignId(trx, organisationId, d.project);
      if (!campaignId) throw new Error(`commitments.json: ${d.ref}: organisation ${d.org} has no demo campaign for project ${d.project}. Nothing was stored.`);
      const decisionId = await upsertDecision(trx, {
        ref: d.ref, organisationId, campaignId, kind: d.kind, body: d.body, decidedOn: d.decided_on, number: d.number, documentUrl: d.document_url,
        title: d.title, summary: d.summary, status: d.status, licence: d.licence, provenance: d.provenance,
        source: `${d.source} (${d.source_date})`,
      });
      report.decisions++;
      for (const [position, c] of d.commitments.entries()) {
        const commitmentId = await upsertCommitment(trx, decisionId, {
          ref: c.ref, position, title: c.title, responsible: c.responsible, startOn: c.start_on, dueOn: c.due_on, indicator: c.indicator,
          unit: c.unit, baseline: c.baseline, target: c.target, budgetAmount: c.budget_amount, geometry: c.geometry,
        });
        await replaceLinks(trx, commitmentId, c.links as SeedLink[]);
        report.commitments++;
        for (const u of c.updates) {
          await upsertUpdate(trx, commitmentId, {
            ref: u.ref, reportedOn: u.reported_on, value: u.value, abandoned: u.abandoned ?? false, body: u.body, lang: u.lang, source: u.source,
            documents: u.documents, organisationId: orgs.get(u.org)!,
          });
          report.updates++;
        }
      }
    }
    return report;
  });
}

// Demo organisations, accounts, one campaign per grant project and a few annotations
// (data/demo/organisations.json, accounts.json, campaigns.json, annotations.json). Loaded only with
// the demo data. Campaigns and annotations go through the same services as the API (so they have
// history rows and follow the workflow rules); existing rows (by slug, e-mail, ref) are kept as they are.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import type { Argon2Params } from '../config.js';
import { PasswordHasher } from '../auth/passwords.js';
import type { SignedIn } from '../access/viewer.js';
import { findLayer } from '../layers/registry.js';
import { loadProjects } from '../projects/projects.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { CampaignCreate } from '../campaigns/campaigns.schema.js';
import { AnnotationsService } from '../annotations/annotations.service.js';
import { AnnotationCreate, ReviewChange, StatusChange } from '../annotations/annotations.schema.js';

const I18n = z.object({ ky: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) }).strict();
const Orgs = z.array(z.object({ slug: z.string(), kind: z.string(), project: z.string().optional(), name: I18n }).strict());
const Accounts = z.object({
  password: z.string().min(12), note: z.string().optional(),
  accounts: z.array(z.object({ email: z.string(), org: z.string(), role: z.enum(['admin', 'advocate', 'engineer']), name: z.string(), showNamePublicly: z.boolean().optional() }).strict()),
}).strict();
const Campaigns = z.object({
  note: z.string().optional(),
  campaigns: z.array(z.object({ project: z.string(), org: z.string(), author: z.string(), status: z.enum(['draft', 'active', 'completed', 'archived']), targetCouncil: I18n, sharedWith: z.array(z.string()), recommendations: I18n.optional() }).strict()),
}).strict();
const Step = z.record(z.string(), z.unknown());
const Annotations = z.object({
  note: z.string().optional(),
  annotations: z.array(z.object({ ref: z.string(), campaign: z.string(), author: z.string(), geometry: z.unknown(), properties: z.record(z.string(), z.unknown()), steps: z.array(Step) }).strict()),
}).strict();

export interface AdvocacySeedReport { organisations: number; accounts: number; campaigns: number; annotations: number }

export async function seedDemoAdvocacy(database: Database, dir: string, argon2?: Argon2Params): Promise<AdvocacySeedReport> {
  const file = (f: string) => path.join(dir, f);
  if (!fs.existsSync(file('organisations.json'))) return { organisations: 0, accounts: 0, campaigns: 0, annotations: 0 };
  const read = (f: string) => JSON.parse(fs.readFileSync(file(f), 'utf8'));
  const orgs = Orgs.parse(read('organisations.json'));
  const accounts = Accounts.parse(read('accounts.json'));
  const campaigns = Campaigns.parse(read('campaigns.json'));
  const annotations = Annotations.parse(read('annotations.json'));
  const projects = new Map(loadProjects(file('projects.json')).map((p) => [p.id, p]));
  const db = database.db;

  for (const o of orgs) {
    await sql`INSERT INTO organisations (slug, name_ky, name_ru, name_en, kind, is_demo)
      VALUES (${o.slug}, ${o.name.ky}, ${o.name.ru}, ${o.name.en}, ${o.kind}, true)
      ON CONFLICT (slug) DO UPDATE SET name_ky = EXCLUDED.name_ky, name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en, kind = EXCLUDED.kind, is_demo = true`.execute(db);
  }
  const orgIds = new Map((await db.selectFrom('organisations').select(['id', 'slug']).execute()).map((o) => [o.slug, o.id]));

  // The demo password is public, so one hash (one salt) serves every demo account: a first start stays quick.
  let demoHash: string | undefined;
  const hashOnce = async () => (demoHash ??= await new PasswordHasher(argon2).hash(accounts.password));
  for (const a of accounts.accounts) {
    const orgId = orgIds.get(a.org);
    if (!orgId) throw new Error(`accounts.json: ${a.email} names unknown organisation ${a.org}`);
    const exists = await db.selectFrom('users').select('id').where('email', '=', a.email).executeTakeFirst();
    if (exists) {
      await db.updateTable('users').set({ organisation_id: orgId, role: a.role, display_name: a.name, show_name_publicly: a.showNamePublicly ?? false, is_demo: true }).where('id', '=', exists.id).execute();
    } else {
      await db.insertInto('users').values({
        organisation_id: orgId, email: a.email, role: a.role, display_name: a.name, show_name_publicly: a.showNamePublicly ?? false,
        password_hash: await hashOnce(), is_demo: true,
      }).execute();
    }
  }
  const actor = async (email: string): Promise<SignedIn> => {
    const u = await db.selectFrom('users').select(['id', 'organisation_id', 'role', 'email', 'display_name', 'show_name_publicly']).where('email', '=', email).executeTakeFirst();
    if (!u) throw new Error(`demo data: no account ${email}`);
    return { kind: 'user', userId: u.id, orgId: u.organisation_id, role: u.role, email: u.email, displayName: u.display_name, showNamePublicly: u.show_name_publicly };
  };

  const campaignService = new CampaignsService(db);
  const annotationService = new AnnotationsService(db);
  const campaignIds = new Map<string, string>();
  for (const c of campaigns.campaigns) {
    const ref = `demo:campaign-${c.project}`;
    const have = await sql<{ id: string }>`SELECT id FROM campaigns WHERE ref = ${ref}`.execute(db);
    if (have.rows[0]) {
      campaignIds.set(c.project, have.rows[0].id);
      // Demo recommendations arrived after the first demo campaigns were loaded: fill them in where none were written.
      if (c.recommendations) {
        await sql`UPDATE campaigns SET recommendations_ky = ${c.recommendations.ky}, recommendations_ru = ${c.recommendations.ru}, recommendations_en = ${c.recommendations.en}
          WHERE id = ${have.rows[0].id} AND recommendations_ky IS NULL AND recommendations_ru IS NULL AND recommendations_en IS NULL`.execute(db);
      }
      continue;
    }
    const p = projects.get(c.project);
    if (!p) throw new Error(`campaigns.json: unknown project ${c.project}`);
    const [w, s, e, n] = p.bbox;
    const body = CampaignCreate.parse({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
      properties: {
        title: p.title, description: p.summary, ...(c.recommendations ? { recommendations: c.recommendations } : {}), targetCouncil: c.targetCouncil, status: c.status,
        sharedWith: c.sharedWith.map((slug) => { const id = orgIds.get(slug); if (!id) throw new Error(`campaigns.json: unknown organisation ${slug}`); return id; }),
      },
    });
    const f = await campaignService.create(await actor(c.author), body, { ref });
    campaignIds.set(c.project, f.id);
  }

  for (const a of annotations.annotations) {
    const have = await sql<{ id: string }>`SELECT id FROM annotations WHERE ref = ${a.ref}`.execute(db);
    if (have.rows[0]) continue;
    const links = [];
    for (const l of (a.properties.linkedFeatures ?? []) as { layer: string; ref: string }[]) {
      const def = findLayer(l.layer);
      if (!def) throw new Error(`annotations.json: unknown layer ${l.layer}`);
      const r = await sql<{ id: number }>`SELECT id FROM ${sql.table(def.table)} WHERE ref = ${l.ref}`.execute(db);
      if (!r.rows[0]) throw new Error(`annotations.json: no ${l.layer} feature with ref ${l.ref}`);
      links.push({ layer: l.layer, id: Number(r.rows[0].id) });
    }
    const body = AnnotationCreate.parse({ type: 'Feature', geometry: a.geometry, properties: { ...a.properties, linkedFeatures: links, campaignId: campaignIds.get(a.campaign) } });
    let f = await annotationService.create(await actor(a.author), body, { ref: a.ref });
    for (const step of a.steps) {
      const { as, ...rest } = step as { as: string } & Record<string, unknown>;
      const who = await actor(as);
      const v = [f.properties.version];
      if ('comment' in rest) await annotationService.addComment(who, f.id, String(rest.comment));
      else if ('review' in rest) f = await annotationService.review(who, f.id, v, ReviewChange.parse({ reviewStatus: rest.review, ...(rest.note ? { note: rest.note } : {}) }));
      else f = await annotationService.changeStatus(who, f.id, v, StatusChange.parse(rest));
    }
  }
  return { organisations: orgs.length, accounts: accounts.accounts.length, campaigns: campaigns.campaigns.length, annotations: annotations.annotations.length };
}

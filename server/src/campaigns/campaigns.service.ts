// Campaigns: an organisation's advocacy project with an area of interest, a target council, a status
// and the organisations it is shared with for review. Rules here; SQL in campaigns.repo.ts.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { isEditorRole, readerOf, type SignedIn, type Viewer } from '../access/viewer.js';
import { personFor } from '../access/people.js';
import { requireValidGeometry } from '../geo/geometry.service.js';
import { DEFAULT_SERVICE_REGION, type Region } from '../geo/region.js';
import type { Geometry } from '../geo/geometry.js';
import { existingOrganisationIds } from '../organisations/organisations.repo.js';
import { CAMPAIGN_OPEN, isOwnerEditor, type Relation } from '../annotations/annotations.rules.js';
import * as repo from './campaigns.repo.js';
import type { Texts } from '../i18n/pick.js';
import type { CampaignCreateInput, CampaignPatchInput } from './campaigns.schema.js';

export function campaignFeature(viewer: Viewer, r: repo.CampaignRow) {
  const participant = viewer.kind === 'user' && (r.relation === 'owner' || r.relation === 'reviewer');
  const shares = r.shared_with;
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: r.geometry,
    properties: {
      id: r.id,
      organisation: { id: r.organisation_id, slug: r.org_slug, name: { ky: r.org_name_ky, ru: r.org_name_ru, en: r.org_name_en } },
      title: { ky: r.title_ky, ru: r.title_ru, en: r.title_en },
      description: { ky: r.description_ky, ru: r.description_ru, en: r.description_en },
      recommendations: { ky: r.recommendations_ky, ru: r.recommendations_ru, en: r.recommendations_en },
      targetCouncil: { ky: r.target_council_ky, ru: r.target_council_ru, en: r.target_council_en },
      status: r.status,
      // Whom it is shared with is for the participants only.
      sharedWith: participant ? shares.map((s) => ({ id: s.id, slug: s.slug, name: { ky: s.name_ky, ru: s.name_ru, en: s.name_en } })) : null,
      annotationCount: Number(r.annotation_count),
      version: r.version,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      permissions: {
        edit: isOwnerEditor(viewer, r.relation),
        createAnnotation: isOwnerEditor(viewer, r.relation) && CAMPAIGN_OPEN.has(r.status),
      },
    },
  };
}
export type CampaignFeature = ReturnType<typeof campaignFeature>;

/** The stored state of a campaign, for its history (no personal data). */
function snapshot(r: repo.CampaignRow) {
  const f = campaignFeature({ kind: 'public' }, r);
  const p = f.properties;
  return { title: p.title, description: p.description, recommendations: p.recommendations, targetCouncil: p.targetCouncil, status: p.status, sharedWith: r.shared_with.map((s) => s.id), geometry: f.geometry };
}

export class CampaignsService {
  constructor(private readonly db: Kysely<DB>, private readonly region: Region = DEFAULT_SERVICE_REGION) {}

  async list(viewer: Viewer, q: { organisation?: string; status?: string[]; limit?: number; offset?: number }) {
    const limit = q.limit ?? 1000, offset = q.offset ?? 0;
    const { rows, matched } = await repo.listCampaigns(this.db, readerOf(viewer), q, limit, offset);
    return { type: 'FeatureCollection' as const, features: rows.map((r) => campaignFeature(viewer, r)), numberMatched: matched, numberReturned: rows.length, limit, offset };
  }

  async get(viewer: Viewer, id: string): Promise<CampaignFeature> {
    const r = await repo.getCampaign(this.db, readerOf(viewer), id);
    if (!r) throw notFoundCampaign(id);
    return campaignFeature(viewer, r);
  }

  private async validate(db: Kysely<DB>, viewer: SignedIn, geometry: Geometry | undefined, sharedWith: string[] | undefined) {
    if (geometry) await requireValidGeometry(db, geometry, 'area of interest', this.region);
    if (sharedWith?.length) {
      if (sharedWith.includes(viewer.orgId)) throw new HttpProblem('invalid-body', 'sharedWith: a campaign is always visible to its own organisation; list other organisations only.', { errors: [{ in: 'body', name: 'properties.sharedWith', reason: 'contains your own organisation' }] });
      const have = await existingOrganisationIds(db, sharedWith);
      const missing = sharedWith.filter((o) => !have.has(o));
      if (missing.length) throw new HttpProblem('invalid-body', `sharedWith: no organisation ${missing.join(', ')} (see GET /api/organisations).`, { errors: [{ in: 'body', name: 'properties.sharedWith', reason: 'unknown organisation' }] });
    }
  }

  async create(viewer: SignedIn, body: CampaignCreateInput, opts: { ref?: string } = {}): Promise<CampaignFeature> {
    if (!isEditorRole(viewer.role)) throw new HttpProblem('forbidden', 'Only advocates and admins create campaigns; engineers review them.');
    const p = body.properties;
    const row = await this.db.transaction().execute(async (trx) => {
      await this.validate(trx, viewer, body.geometry, p.sharedWith);
      const id = await repo.insertCampaign(trx, { ...p, organisationId: viewer.orgId, geometry: body.geometry, actorId: viewer.userId, ref: opts.ref });
      await repo.replaceShares(trx, id, p.sharedWith);
      const row = (await repo.getCampaign(trx, readerOf(viewer), id))!;
      await repo.insertCampaignHistory(trx, { campaignId: id, version: row.version, action: 'create', actorId: viewer.userId, before: null, after: snapshot(row) });
      return row;
    });
    return campaignFeature(viewer, row);
  }

  async update(viewer: SignedIn, id: string, versions: number[], body: CampaignPatchInput): Promise<CampaignFeature> {
    const reader = readerOf(viewer);
    const row = await this.db.transaction().execute(async (trx) => {
      if (!(await repo.lockCampaign(trx, reader, id))) throw notFoundCampaign(id);
      const before = (await repo.getCampaign(trx, reader, id))!;
      if (!isOwnerEditor(viewer, before.relation)) throw forbiddenCampaign(before.relation);
      if (!versions.includes(before.version)) throw staleCampaign(versions, campaignFeature(viewer, before));
      const p = body.properties ?? {};
      await this.validate(trx, viewer, body.geometry, p.sharedWith);
      keepsOneLanguage({ ky: before.title_ky, ru: before.title_ru, en: before.title_en }, p.title, 'title: a campaign keeps a title in at least one language.');
      keepsOneLanguage({ ky: before.target_council_ky, ru: before.target_council_ru, en: before.target_council_en }, p.targetCouncil,
        'targetCouncil: a campaign keeps the name of its council in at least one language.');
      if (p.status === 'draft' && before.status !== 'draft' && (await repo.publicAnnotationCount(trx, id)) > 0) {
        throw new HttpProblem('conflict', 'This campaign has published annotations, so it cannot go back to draft. Archive it instead (status archived).');
      }
      await repo.updateCampaign(trx, id, viewer.userId, { ...p, geometry: body.geometry } as Parameters<typeof repo.updateCampaign>[3]);
      if (p.sharedWith) await repo.replaceShares(trx, id, p.sharedWith);
      const after = (await repo.getCampaign(trx, reader, id))!;
      await repo.insertCampaignHistory(trx, { campaignId: id, version: after.version, action: 'update', actorId: viewer.userId, before: snapshot(before), after: snapshot(after) });
      return after;
    });
    return campaignFeature(viewer, row);
  }

  async history(viewer: Viewer, id: string) {
    await this.get(viewer, id); // 404 when not visible
    const rows = await repo.listCampaignHistory(this.db, readerOf(viewer), id);
    return {
      items: rows.map((h) => ({
        id: h.id, version: h.version, action: h.action, at: new Date(h.at).toISOString(),
        actor: h.actor_org ? personFor(viewer, { name: h.actor_name, showPublicly: h.actor_public, orgId: h.actor_org, orgName: { ky: h.actor_org_ky, ru: h.actor_org_ru, en: h.actor_org_en } }) : null,
        before: h.before, after: h.after,
      })),
    };
  }
}

/** A patch of a text in ky/ru/en may clear languages but not all of them. */
function keepsOneLanguage(stored: Texts, patch: Texts | undefined, message: string): void {
  if (!patch) return;
  const t = { ...stored, ...patch };
  if (!t.ky && !t.ru && !t.en) throw new HttpProblem('invalid-body', message);
}

export const notFoundCampaign = (id: string) => notFound(`There is no campaign ${id} that you can see. It may not exist, or it is a draft of another organisation.`);

function forbiddenCampaign(rel: Relation) {
  return new HttpProblem('forbidden', rel === 'owner'
    ? "Only your organisation's advocates and admins change a campaign."
    : "Only the campaign's own organisation changes it; you can see it because it is shared with yours or public.");
}

export function staleCampaign(sent: number[], current: CampaignFeature) {
  const v = current.properties.version;
  return new HttpProblem('version-conflict',
    `This campaign was changed by someone else: you sent version ${sent.length ? sent.join(', ') : '(unreadable)'}, it is now at version ${v}. Nothing was saved. Reload it, compare, and make your change again.`,
    { currentVersion: v, current }, { ETag: `"v${v}"` });
}

// Share links: a read-only view of one campaign map for anyone holding an unguessable token.
// Creating, listing and revoking follow the campaign's edit rule (its own organisation's advocates and
// admins); reading a live link needs nothing else. Tokens are 32 random bytes, shown once; the
// database keeps their SHA-256. Unknown, revoked and expired tokens get the same 404.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { PUBLIC, readerOf, type SignedIn } from '../access/viewer.js';
import { isOwnerEditor } from '../annotations/annotations.rules.js';
import { getCampaign } from '../campaigns/campaigns.repo.js';
import { notFoundCampaign } from '../campaigns/campaigns.service.js';
import type { AnnotationsService, AnnotationFeature } from '../annotations/annotations.service.js';
import { LAYER_IDS } from '../layers/registry.js';
import { pick } from '../i18n/pick.js';
import type { Project } from '../projects/projects.schema.js';
import * as repo from './shares.repo.js';
import { TOKEN_RE, type ShareLinkCreateInput } from './shares.schema.js';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');
export const newToken = () => crypto.randomBytes(32).toString('base64url');

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function shareLinkJson(r: repo.ShareLinkRow) {
  const expired = r.expires_at !== null && new Date(r.expires_at).getTime() <= Date.now();
  return {
    id: r.id, label: r.label, createdAt: iso(r.created_at)!, expiresAt: iso(r.expires_at), revokedAt: iso(r.revoked_at),
    active: r.revoked_at === null && !expired,
  };
}

export const linkGone = () => notFound('This share link does not work: it may never have existed, or it was revoked or has expired. Ask the organisation for a new link.');

/** What the public sees of an annotation through a share link: the content and workflow, no people. */
function publicAnnotation(f: AnnotationFeature) {
  const p = f.properties;
  return {
    type: 'Feature' as const, id: f.id, geometry: f.geometry,
    properties: {
      id: p.id, title: p.title, description: p.description, lang: p.lang, category: p.category, severity: p.severity,
      affectedPeople: p.affectedPeople, affectedHouseholds: p.affectedHouseholds, evidence: p.evidence,
      status: p.status, statusChangedAt: p.statusChangedAt, reviewStatus: p.reviewStatus, rejectionReason: p.rejectionReason,
      submission: p.submission, organisation: p.organisation, createdAt: p.createdAt, updatedAt: p.updatedAt,
    },
  };
}

export type SharedView = Awaited<ReturnType<SharesService['read']>>;

export class SharesService {
  constructor(private readonly db: Kysely<DB>, private readonly annotations: AnnotationsService, private readonly projects: Project[]) {}

  /** The campaign, if the user may manage its links; 404 when invisible to them, 403 when visible but not theirs to edit. */
  private async editable(viewer: SignedIn, campaignId: string) {
    const c = await getCampaign(this.db, readerOf(viewer), campaignId);
    if (!c) throw notFoundCampaign(campaignId);
    if (!isOwnerEditor(viewer, c.relation)) {
      throw new HttpProblem('forbidden', c.relation === 'owner'
        ? "Only your organisation's advocates and admins share a campaign's map."
        : "Only the campaign's own organisation shares its map; you can see it because it is shared with yours or public.");
    }
    return c;
  }

  async create(viewer: SignedIn, campaignId: string, body: ShareLinkCreateInput) {
    const c = await this.editable(viewer, campaignId);
    const token = newToken();
    const row = await repo.insertShareLink(this.db, {
      campaignId, tokenHash: hashToken(token), label: body.label ? body.label : null,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null, actorId: viewer.userId,
    });
    return { link: shareLinkJson(row), token, title: pick({ ky: c.title_ky, ru: c.title_ru, en: c.title_en }, 'en') };
  }

  async list(viewer: SignedIn, campaignId: string) {
    await this.editable(viewer, campaignId);
    return (await repo.listShareLinks(this.db, campaignId)).map(shareLinkJson);
  }

  async revoke(viewer: SignedIn, campaignId: string, linkId: string) {
    await this.editable(viewer, campaignId);
    if (!(await repo.revokeShareLink(this.db, campaignId, linkId, viewer.userId))) throw notFound(`Campaign ${campaignId} has no share link ${linkId}.`);
  }

  /** The live link behind a token, or 404 (the same for unknown, revoked and expired). */
  async resolve(token: string) {
    if (!TOKEN_RE.test(token)) throw linkGone();
    const link = await repo.findLiveShareLink(this.db, hashToken(token));
    if (!link) throw linkGone();
    const c = await repo.sharedCampaign(this.db, link.campaign_id);
    if (!c) throw linkGone();
    return { link, campaign: c };
  }

  /** GET /api/shares/{token}: the campaign and its published annotations, as the public sees them. */
  async read(token: string) {
    const { link, campaign: c } = await this.resolve(token);
    const project = c.ref?.startsWith('demo:campaign-') ? this.projects.find((p) => `demo:campaign-${p.id}` === c.ref) : undefined;
    const page = await this.annotations.list(PUBLIC, { campaign: c.id }, 1000, 0);
    return {
      campaign: {
        id: c.id,
        title: { ky: c.title_ky, ru: c.title_ru, en: c.title_en },
        description: { ky: c.description_ky, ru: c.description_ru, en: c.description_en },
        targetCouncil: { ky: c.target_council_ky, ru: c.target_council_ru, en: c.target_council_en },
        status: c.status,
        organisation: { id: c.organisation_id, name: { ky: c.org_name_ky, ru: c.org_name_ru, en: c.org_name_en } },
        area: c.area,
        bbox: [Number(c.xmin), Number(c.ymin), Number(c.xmax), Number(c.ymax)] as [number, number, number, number],
        layers: project ? project.layers : [...LAYER_IDS],
      },
      annotations: { type: 'FeatureCollection' as const, features: page.features.map(publicAnnotation), numberMatched: page.matched },
      expiresAt: iso(link.expires_at),
    };
  }
}

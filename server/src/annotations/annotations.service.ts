// Annotations: the rules and transactions. Who may do what comes from annotations.rules.ts; what a
// reader may see from the one visibility rule in the repositories. Every change bumps the version
// (the ETag), is refused with 412 when the client's version is stale, and appends a history row with
// the state before and after.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { isEditorRole, readerOf, type SignedIn, type Viewer } from '../access/viewer.js';
import { requireValidGeometry } from '../geo/geometry.service.js';
import { DEFAULT_SERVICE_REGION, type Region } from '../geo/region.js';
import type { Geometry } from '../geo/geometry.js';
import { CAMPAIGN_OPEN, checkTransition, isOwnerEditor, isParticipant, isReviewer, TRANSITIONS, type Relation } from './annotations.rules.js';
import * as repo from './annotations.repo.js';
import { pick, type I18nNullable } from '../i18n/pick.js';
import { actorOf, annotationFeature, commentOf, changedFields, iso, snapshot, submissionOf, type AnnotationFeature, type Snapshot } from './annotations.feature.js';
import * as comments from './comments.repo.js';
import * as photos from '../photos/photos.repo.js';
import type { ProcessedPhoto } from '../photos/photos.image.js';
import type { AnnotationCreateInput, AnnotationPatchInput, StatusChangeInput } from './annotations.schema.js';

/** The commitment a reopening names in the annotation's timeline (details.commitment). */
export interface BrokenCommitmentRef { id: string; decisionId: string; title: I18nNullable; body: I18nNullable; decidedOn: string; dueOn: string }

export { annotationFeature, photosOf, submissionOf, type AnnotationFeature } from './annotations.feature.js';

const LIST_CAP = 2000;

export const notFoundAnnotation = (id: string) =>
  notFound(`There is no annotation ${id} that you can see. It may not exist, have been deleted, or be a draft of another organisation.`);

function stale(sent: number[], current: AnnotationFeature) {
  const v = current.properties.version;
  return new HttpProblem('version-conflict',
    `This annotation was changed by someone else: you sent version ${sent.length ? sent.join(', ') : '(unreadable)'}, it is now at version ${v}. Nothing was saved. Reload it, compare with your change, and apply it again.`,
    { currentVersion: v, current }, { ETag: `"v${v}"` });
}

function requireEditor(viewer: SignedIn, rel: Relation, what: string) {
  if (isOwnerEditor(viewer, rel)) return;
  throw new HttpProblem('forbidden', rel === 'outsider'
    ? `Only the organisation that made this annotation can ${what} it.`
    : viewer.role === 'engineer'
      ? `Engineers review annotations (comments, review status, council responses) but do not ${what} them; ask the organisation's advocates.`
      : `Only the annotation's own organisation can ${what} it; yours reviews it.`);
}

interface Mutation {
  action: repo.HistoryAction;
  change: Parameters<typeof repo.updateAnnotation>[3];
  details?: unknown;
  after?: (trx: Transaction<DB>, before: repo.AnnotationRow) => Promise<void>;
}

export class AnnotationsService {
  constructor(private readonly db: Kysely<DB>, private readonly region: Region = DEFAULT_SERVICE_REGION) {}

  async list(viewer: Viewer, f: repo.AnnotationFilters, limit: number, offset: number) {
    if (f.deleted && !(viewer.kind === 'user' && isEditorRole(viewer.role))) {
      throw new HttpProblem('forbidden', "Only advocates and admins see their organisation's deleted annotations (deleted=true).");
    }
    const { rows, matched } = await repo.listAnnotations(this.db, readerOf(viewer), f, limit, offset);
    return { features: rows.map((r) => annotationFeature(viewer, r)), matched };
  }

  async get(viewer: Viewer, id: string): Promise<AnnotationFeature> {
    const r = await repo.getAnnotation(this.db, readerOf(viewer), id);
    if (!r) throw notFoundAnnotation(id);
    return annotationFeature(viewer, r);
  }

  private async checkContent(db: Kysely<DB>, geometry: Geometry | undefined, links: { layer: string; id: number }[] | undefined) {
    if (geometry) await requireValidGeometry(db, geometry, 'annotation geometry', this.region);
    if (links?.length) {
      const missing = await repo.missingLinkedFeatures(db, links);
      if (missing.length) {
        throw new HttpProblem('invalid-body', `linkedFeatures: ${missing.map((m) => `${m.layer} feature ${m.id}`).join(', ')} does not exist (see /api/layers/{layer}/features).`,
          { errors: missing.map((m) => ({ in: 'body', name: 'properties.linkedFeatures', reason: `${m.layer}/${m.id} does not exist` })) });
      }
    }
  }

  async create(viewer: SignedIn, body: AnnotationCreateInput, opts: { ref?: string } = {}): Promise<AnnotationFeature> {
    if (!isEditorRole(viewer.role)) throw new HttpProblem('forbidden', 'Engineers review annotations; advocates and admins create them.');
    const p = body.properties;
    const row = await this.db.transaction().execute(async (trx) => {
      const campaign = await repo.getCampaignForAnnotation(trx, readerOf(viewer), p.campaignId);
      if (!campaign) throw new HttpProblem('invalid-body', `campaignId: there is no campaign ${p.campaignId} that you can see.`, { errors: [{ in: 'body', name: 'properties.campaignId', reason: 'unknown campaign' }] });
      if (!isOwnerEditor(viewer, campaign.relation)) throw new HttpProblem('forbidden', "You can add annotations to your own organisation's campaigns only.");
      if (!CAMPAIGN_OPEN.has(campaign.status)) throw new HttpProblem('conflict', `The campaign is ${campaign.status}; new annotations go into draft or active campaigns. Reactivate it first.`);
      await this.checkContent(trx, body.geometry, p.linkedFeatures);
      const id = await repo.insertAnnotation(trx, {
        campaignId: p.campaignId, organisationId: campaign.organisation_id, geometry: body.geometry, actorId: viewer.userId, ref: opts.ref,
        title: p.title, description: p.description, lang: p.lang ?? null, category: p.category, severity: p.severity,
        affectedPeople: p.affectedPeople ?? null, affectedHouseholds: p.affectedHouseholds ?? null, evidence: p.evidence, linkedFeatures: p.linkedFeatures,
      });
      const row = (await repo.getAnnotation(trx, readerOf(viewer), id))!;
      await repo.insertHistory(trx, { annotationId: id, version: row.version, action: 'create', actorId: viewer.userId, before: null, after: snapshot(row) });
      return row;
    });
    return annotationFeature(viewer, row);
  }

  /** Lock, authorise, compare versions, apply, record history — in one transaction. */
  private async mutate(
    viewer: SignedIn, id: string, versions: number[], opts: { deleted?: boolean },
    authorise: (before: repo.AnnotationRow) => void,
    plan: (trx: Transaction<DB>, before: repo.AnnotationRow) => Promise<Mutation>,
  ): Promise<AnnotationFeature> {
    const reader = readerOf(viewer);
    const row = await this.db.transaction().execute(async (trx) => {
      if (!(await repo.lockAnnotation(trx, reader, id, opts))) throw notFoundAnnotation(id);
      const before = (await repo.getAnnotation(trx, reader, id, opts))!;
      authorise(before);
      if (!versions.includes(before.version)) throw stale(versions, annotationFeature(viewer, before));
      const m = await plan(trx, before);
      await repo.updateAnnotation(trx, id, viewer.userId, m.change);
      await m.after?.(trx, before);
      const after = (await repo.getAnnotation(trx, reader, id, { deleted: m.change.deleted ?? opts.deleted }))!;
      await repo.insertHistory(trx, { annotationId: id, version: after.version, action: m.action, actorId: viewer.userId, before: snapshot(before), after: snapshot(after), details: m.details });
      return after;
    });
    return annotationFeature(viewer, row);
  }

  update(viewer: SignedIn, id: string, versions: number[], body: AnnotationPatchInput) {
    return this.mutate(viewer, id, versions, {}, (b) => requireEditor(viewer, b.relation, 'edit'), async (trx) => {
      const p = body.properties ?? {};
      await this.checkContent(trx, body.geometry, p.linkedFeatures);
      return { action: 'update', change: { values: p, geometry: body.geometry } };
    });
  }

  changeStatus(viewer: SignedIn, id: string, versions: number[], c: StatusChangeInput) {
    return this.mutate(viewer, id, versions, {},
      (b) => {
        if (!isOwnerEditor(viewer, b.relation) && !isReviewer(viewer, b.relation)) {
          throw new HttpProblem('forbidden', 'Only the organisation that made this annotation, and the reviewers of organisations its campaign is shared with, change its status.');
        }
      },
      async (trx, b) => {
        const check = checkTransition(viewer, b.relation, b.status, c.status);
        if (!check.ok && check.why === 'not-in-workflow') {
          const next = TRANSITIONS[b.status];
          throw new HttpProblem('invalid-transition', `An annotation that is ${b.status} can move to ${next.join(' or ')}, not to ${c.status}.`, { currentStatus: b.status, allowed: next });
        }
        if (!check.ok) {
          throw new HttpProblem('forbidden', `Only the annotation's own organisation (advocates, admins) may set it to ${c.status}; reviewers record the council's side (response, planned, resolved, rejected).`);
        }
        const details: Record<string, unknown> = { from: b.status, to: c.status };
        let after: Mutation['after'];
        switch (c.status) {
          case 'published': {
            const campaign = await repo.getCampaignForAnnotation(trx, readerOf(viewer), b.campaign_id);
            if (campaign?.status === 'draft') throw new HttpProblem('conflict', 'The campaign is still a draft: make the campaign active before publishing its annotations.');
            break;
          }
          case 'submitted': {
            // The campaign's council by one name whatever the annotation's language, so the response times
            // (GET /api/councils/response-times, by name) count it once: Kyrgyz, the state language, where given.
            const council = c.council ?? pick({ ky: b.target_council_ky, ru: b.target_council_ru, en: b.target_council_en }, 'ky');
            Object.assign(details, { council, reference: c.reference, submittedOn: c.submittedOn });
            after = async (t) => repo.insertSubmission(t, { annotationId: id, council, reference: c.reference, submittedOn: c.submittedOn, actorId: viewer.userId });
            break;
          }
          case 'response_recorded': {
            const sub = submissionOf(b);
            if (!sub) throw new Error(`annotation ${id} is submitted but has no submission row`);
            if (c.responseDate < sub.submitted_on) {
              throw new HttpProblem('invalid-body', `responseDate ${c.responseDate} is before the submission on ${sub.submitted_on}.`, { errors: [{ in: 'body', name: 'responseDate', reason: 'before the submission date' }] });
            }
            Object.assign(details, { responseText: c.responseText, responseDate: c.responseDate, documentUrl: c.documentUrl ?? null, council: sub.council });
            const subId = sub.id;
            after = async (t) => repo.recordResponse(t, subId, { text: c.responseText, date: c.responseDate, documentUrl: c.documentUrl ?? null, actorId: viewer.userId });
            break;
          }
          case 'planned':
            if (c.plannedFor) details.plannedFor = c.plannedFor;
            break;
          case 'rejected':
          case 'reopened':
            details.reason = c.reason;
            break;
        }
        if ('note' in c && c.note) details.note = c.note;
        return { action: 'status', change: { status: c.status, rejectionReason: c.status === 'rejected' ? c.reason : null }, details, after };
      });
  }

  /**
   * Reopens an annotation because a council commitment linked to it was broken (commitments module):
   * the same transition, rights and history as a reopening by hand, with the commitment named in the
   * history's details (so the timeline links to it) and `after` run in the same transaction.
   */
  /**
   * Reopens an annotation for a broken commitment. `reason` is the stored English sentence (the API's and
   * the logs'); `commitment` carries the texts in ky/ru/en so the timeline says it in the reader's language.
   */
  reopenForCommitment(viewer: SignedIn, id: string, version: number, reason: string, commitment: BrokenCommitmentRef,
    after: (trx: Transaction<DB>) => Promise<void>) {
    return this.mutate(viewer, id, [version], {},
      (b) => {
        if (!isOwnerEditor(viewer, b.relation)) throw new HttpProblem('forbidden', "Only the annotation's own organisation (advocates, admins) reopens it.");
      },
      async (_trx, b) => {
        const check = checkTransition(viewer, b.relation, b.status, 'reopened');
        if (!check.ok) throw new HttpProblem('invalid-transition', `An annotation that is ${b.status} cannot be reopened.`, { currentStatus: b.status, allowed: TRANSITIONS[b.status] });
        return { action: 'status', change: { status: 'reopened', rejectionReason: null }, details: { from: b.status, to: 'reopened', reason, commitment }, after: (t) => after(t) };
      });
  }

  review(viewer: SignedIn, id: string, versions: number[], c: { reviewStatus: repo.AnnotationRow['review_status']; note?: string }) {
    return this.mutate(viewer, id, versions, {},
      (b) => {
        if (!isReviewer(viewer, b.relation)) {
          throw new HttpProblem('forbidden', viewer.role === 'advocate'
            ? 'Review status is set by engineers (and admins) of the organisations the campaign is shared with.'
            : 'Only reviewers of the owning organisation or of organisations the campaign is shared with set the review status.');
        }
      },
      async (_trx, b) => ({ action: 'review', change: { reviewStatus: c.reviewStatus }, details: { from: b.review_status, to: c.reviewStatus, ...(c.note ? { note: c.note } : {}) } }));
  }

  /**
   * Adds an evidence photo (already decoded and re-encoded): an edit like any other — the same
   * permission, If-Match version check, version bump and history entry, in one transaction.
   */
  addPhoto(viewer: SignedIn, id: string, versions: number[], caption: string, photo: ProcessedPhoto, maxPhotos: number) {
    let photoId = '';
    const feature = this.mutate(viewer, id, versions, {}, (b) => requireEditor(viewer, b.relation, 'add photos to'), async (trx) => {
      if ((await photos.countLivePhotos(trx, id)) >= maxPhotos) {
        throw new HttpProblem('conflict', `An annotation holds at most ${maxPhotos} photos; remove one before adding another.`);
      }
      photoId = await photos.insertPhoto(trx, { annotationId: id, caption, actorId: viewer.userId, photo });
      return { action: 'update', change: {}, details: { photo: { added: photoId, caption, locationKept: photo.location !== null } } };
    });
    return feature.then((f) => ({ feature: f, photoId }));
  }

  removePhoto(viewer: SignedIn, id: string, versions: number[], photoId: string) {
    return this.mutate(viewer, id, versions, {}, (b) => requireEditor(viewer, b.relation, 'remove photos from'), async (trx) => {
      if (!(await photos.livePhotoExists(trx, id, photoId))) throw notFound(`Annotation ${id} has no photo ${photoId}.`);
      await photos.softDeletePhoto(trx, photoId, viewer.userId);
      return { action: 'update', change: {}, details: { photo: { removed: photoId } } };
    });
  }

  /** The bytes of a photo (or its thumbnail) of an annotation the viewer may see. */
  async photo(viewer: Viewer, id: string, photoId: string, size: 'full' | 'thumb') {
    const p = await photos.photoContent(this.db, readerOf(viewer), id, photoId, size);
    if (!p) throw notFound(`There is no photo ${photoId} of an annotation ${id} that you can see.`);
    return { id: p.id, mime: p.mime, content: Buffer.from(p.content) };
  }

  remove(viewer: SignedIn, id: string, versions: number[]) {
    return this.mutate(viewer, id, versions, {}, (b) => requireEditor(viewer, b.relation, 'delete'), async () => ({ action: 'delete', change: { deleted: true } }));
  }

  restore(viewer: SignedIn, id: string, versions: number[]) {
    return this.mutate(viewer, id, versions, { deleted: true }, (b) => requireEditor(viewer, b.relation, 'restore'), async () => ({ action: 'restore', change: { deleted: false } }));
  }

  async history(viewer: Viewer, id: string) {
    await this.get(viewer, id);
    return this.historyOf(viewer, id);
  }

  private async historyOf(viewer: Viewer, id: string) {
    const rows = await repo.listHistory(this.db, readerOf(viewer), id, LIST_CAP);
    return rows.map((h) => ({
      id: h.id, version: h.version, action: h.action, at: iso(h.at),
      actor: actorOf(viewer, h),
      before: h.before as Snapshot | null, after: h.after as Snapshot, details: h.details ?? null,
    }));
  }

  async listComments(viewer: Viewer, id: string) {
    const a = await repo.getAnnotation(this.db, readerOf(viewer), id);
    if (!a) throw notFoundAnnotation(id);
    return this.commentsOf(viewer, id, a.relation);
  }

  private async commentsOf(viewer: Viewer, id: string, relation: Relation) {
    const rows = await comments.listComments(this.db, readerOf(viewer), id, LIST_CAP);
    return rows.map((c) => commentOf(viewer, c, relation));
  }

  async addComment(viewer: SignedIn, id: string, body: string) {
    const a = await repo.getAnnotation(this.db, readerOf(viewer), id);
    if (!a) throw notFoundAnnotation(id);
    if (!isParticipant(viewer, a.relation)) {
      throw new HttpProblem('forbidden', 'Comments come from the organisation that made the annotation and the organisations its campaign is shared with.');
    }
    const cid = await comments.insertComment(this.db, id, viewer.userId, body);
    const c = (await comments.getComment(this.db, readerOf(viewer), id, cid))!;
    return commentOf(viewer, c, a.relation);
  }

  async deleteComment(viewer: SignedIn, id: string, commentId: string): Promise<void> {
    const a = await repo.getAnnotation(this.db, readerOf(viewer), id);
    if (!a) throw notFoundAnnotation(id);
    const c = await comments.getComment(this.db, readerOf(viewer), id, commentId);
    if (!c) throw notFound(`Annotation ${id} has no comment ${commentId}.`);
    if (!commentOf(viewer, c, a.relation).permissions.delete && c.deleted_at === null) {
      throw new HttpProblem('forbidden', "Only a comment's author, or an admin of the annotation's organisation, deletes it.");
    }
    await comments.softDeleteComment(this.db, commentId, viewer.userId);
  }

  /** Comments, status changes, reviews and edits, oldest first. */
  async timeline(viewer: Viewer, id: string) {
    const a = await repo.getAnnotation(this.db, readerOf(viewer), id);
    if (!a) throw notFoundAnnotation(id);
    const history = await this.historyOf(viewer, id);
    const cs = await this.commentsOf(viewer, id, a.relation);
    type Entry = { at: string; kind: string; [k: string]: unknown };
    const entries: Entry[] = [];
    for (const h of history) {
      const base = { at: h.at, actor: h.actor, version: h.version };
      switch (h.action) {
        case 'create': entries.push({ kind: 'created', ...base }); break;
        case 'update': entries.push({ kind: 'edited', ...base, changed: changedFields(h.before, h.after) }); break;
        case 'status': entries.push({ kind: 'status', ...base, from: h.before?.status ?? null, to: h.after.status, details: h.details }); break;
        case 'review': entries.push({ kind: 'review', ...base, from: h.before?.reviewStatus ?? null, to: h.after.reviewStatus, details: h.details }); break;
        case 'delete': entries.push({ kind: 'deleted', ...base }); break;
        case 'restore': entries.push({ kind: 'restored', ...base }); break;
      }
    }
    for (const c of cs) entries.push({ kind: 'comment', at: c.createdAt, actor: c.author, commentId: c.id, body: c.body, deleted: c.deleted });
    // Stable: by time; history before comments at the same instant.
    return entries.map((e, i) => ({ e, i })).sort((x, y) => (x.e.at < y.e.at ? -1 : x.e.at > y.e.at ? 1 : x.i - y.i)).map((x) => x.e);
  }
}

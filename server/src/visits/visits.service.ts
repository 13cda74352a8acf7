// Monitoring visits: who may record, read and change them, and the checks a visit passes before
// anything is stored (one transaction). The checklists come from data/checklists.json and are copied
// into the database the first time they are needed (ensureChecklists): at startup of the first request
// rather than by a migration, because a checklist is data that monitors and translators edit, and a
// migration file may never change once applied. A changed entry must carry a new version; old visits
// keep the version (items, wording, weights) they were scored with.
//
// Rules: any member of a campaign's organisation records a visit in it (monitors are often engineers);
// its author or the organisation's advocates and admins publish it, link commitments, add photos or
// delete it while it is a draft. A visit is never rewritten: the next inspection is a new visit.
// A visit nobody may see is 404 (visitVisible).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { DATA_ROOT } from '../data-paths.js';
import { isEditorRole, readerOf, type SignedIn, type Viewer } from '../access/viewer.js';
import { HttpProblem, invalidParameter, notFound } from '../http/problem.js';
import type { ProcessedPhoto } from '../photos/photos.image.js';
import type { VisitChange } from '../commitments/commitments.types.js';
import * as repo from './visits.repo.js';
import { ChecklistFile, MAX_VISIT_PHOTOS, type VisitCreateInput, type VisitListQueryT, type VisitPatchInput } from './visits.schema.js';
import { scoreOf, type Answer } from './visits.score.js';
import type { Checklist, ChecklistList, LatestScores, VisitDetail, VisitForm, VisitList } from './visits.types.js';

type Db = Kysely<DB>;
const NOTHING = 'Nothing was stored.';
export const CHECKLISTS_FILE = path.join(DATA_ROOT, 'checklists.json');

/** The date in Kyrgyzstan (UTC+6, no daylight saving) at `now`: a visit on the evening of a day is not "in the future". */
export const bishkekDate = (now: Date) => new Date(now.getTime() + 6 * 3600_000).toISOString().slice(0, 10);

const notFoundVisit = (id: string) => notFound(`There is no monitoring visit ${id} that you can see. It may not exist, or it is a draft of another organisation.`);

/** Reads and checks the checklists file; an error names the entry and the field. */
export function readChecklists(file = CHECKLISTS_FILE) {
  const parsed = ChecklistFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Copies the file's checklists into the database (new versions only); refuses an entry changed under a version already stored. */
export async function syncChecklists(db: Db, file = CHECKLISTS_FILE): Promise<void> {
  const f = readChecklists(file);
  await db.transaction().execute(async (trx) => {
    for (const c of f.checklists) {
      const sha = crypto.createHash('sha256').update(JSON.stringify(c)).digest('hex');
      if (!(await repo.insertChecklist(trx, c, sha))) {
        const stored = (await repo.storedChecklists(trx)).find((s) => s.code === c.code && s.version === c.version);
        if (stored && stored.sha256 !== sha) {
          throw new Error(`${file}: checklist ${c.code} version ${c.version} differs from the one already used by visits. Raise its version to ${c.version + 1} (old visits keep version ${c.version}).`);
        }
      }
    }
  });
}

export class VisitsService {
  private loaded: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly opts: { clock?: () => Date; checklistsFile?: string } = {}) {}

  today(): string { return bishkekDate((this.opts.clock ?? (() => new Date()))()); }

  ensureChecklists(): Promise<void> {
    this.loaded ??= syncChecklists(this.db, this.opts.checklistsFile).catch((err) => { this.loaded = null; throw err; });
    return this.loaded;
  }

  async checklists(): Promise<ChecklistList> {
    await this.ensureChecklists();
    return { checklists: await repo.currentChecklists(this.db) };
  }

  private async featureOr400(db: Db, layer: string, id: number, field = 'featureId') {
    const f = await repo.feature(db, layer, id);
    if (!f) throw invalidParameter(`${field}: layer ${layer} has no feature ${id}. ${NOTHING}`, [{ in: 'body', name: field, reason: 'no such feature' }]);
    return f;
  }

  async form(viewer: SignedIn, layer: string, featureId: number): Promise<VisitForm> {
    await this.ensureChecklists();
    const feature = await repo.feature(this.db, layer, featureId);
    if (!feature) throw notFound(`Layer ${layer} has no feature ${featureId}.`);
    const checklists = await repo.currentChecklists(this.db, { layer, kind: feature.kind });
    const campaigns = await repo.campaignsOfOrganisation(this.db, viewer.orgId);
    const commitments = await repo.commitmentsOfCampaigns(this.db, campaigns.map((c) => c.id));
    return { feature, checklists, campaigns, commitments };
  }

  async list(viewer: Viewer, q: VisitListQueryT): Promise<VisitList> {
    await this.ensureChecklists();
    let campaign = q.campaign;
    if (q.project) {
      campaign = await repo.campaignIdByRef(this.db, q.project);
      if (!campaign) return { visits: [] };
    }
    return { visits: await repo.listVisits(this.db, readerOf(viewer), { campaign, layer: q.layer, feature: q.feature }) };
  }

  async get(viewer: Viewer, id: string, base = '', db: Db = this.db): Promise<VisitDetail> {
    const v = await repo.getVisit(db, readerOf(viewer), id, base);
    if (!v) throw notFoundVisit(id);
    const { createdBy, campaignOrganisationId, ...rest } = v;
    const member = viewer.kind === 'user' && viewer.orgId === campaignOrganisationId;
    const mayEdit = member && (isEditorRole(viewer.role) || createdBy === viewer.userId);
    return { ...rest, permissions: { edit: mayEdit, addPhoto: mayEdit, delete: mayEdit && v.status === 'draft' } };
  }

  private async checkCommitments(db: Db, campaignId: string, ids: string[]) {
    if (!ids.length) return;
    const known = new Set((await repo.commitmentsOfCampaigns(db, [campaignId])).map((c) => c.id));
    const unknown = ids.filter((x) => !known.has(x));
    if (unknown.length) {
      throw invalidParameter(`commitmentIds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a commitment' : 'are not commitments'} of this visit's campaign. A visit checks the commitments of its own campaign. ${NOTHING}`,
        [{ in: 'body', name: 'commitmentIds', reason: 'not a commitment of the campaign' }]);
    }
  }

  /** Checks a visit against its checklist and scores it; shared with the demo loader. */
  static score(checklist: Checklist, answers: { item: string; answer: Answer }[]): { score: number; applicable: number } {
    const items = new Map(checklist.items.map((i) => [i.code, i]));
    const unknown = answers.filter((a) => !items.has(a.item)).map((a) => a.item);
    if (unknown.length) {
      throw invalidParameter(`answers: checklist ${checklist.code} has no item ${unknown.join(', ')}. Its items are ${[...items.keys()].join(', ')}. ${NOTHING}`,
        [{ in: 'body', name: 'answers', reason: 'unknown item' }]);
    }
    const given = new Set(answers.map((a) => a.item));
    const missing = [...items.keys()].filter((c) => !given.has(c));
    if (missing.length) {
      throw invalidParameter(`answers: item ${missing.join(', ')} of checklist ${checklist.code} ${missing.length === 1 ? 'has' : 'have'} no answer. Answer every item (n/a where it does not apply), so that visits stay comparable. ${NOTHING}`,
        [{ in: 'body', name: 'answers', reason: 'item without an answer' }]);
    }
    const s = scoreOf(checklist.items, Object.fromEntries(answers.map((a) => [a.item, a.answer])));
    if (!s) throw invalidParameter(`answers: every item is n/a, so the visit has no score. Answer at least one item yes, partly or no. ${NOTHING}`, [{ in: 'body', name: 'answers', reason: 'nothing applicable' }]);
    return s;
  }

  async create(viewer: SignedIn, b: VisitCreateInput, base = ''): Promise<VisitDetail> {
    await this.ensureChecklists();
    if (b.visitedOn > this.today()) {
      throw invalidParameter(`visitedOn: ${b.visitedOn} is in the future (today is ${this.today()}). Record a visit once it has happened. ${NOTHING}`, [{ in: 'body', name: 'visitedOn', reason: 'in the future' }]);
    }
    if (b.sourceDate && b.sourceDate > this.today()) {
      throw invalidParameter(`sourceDate: ${b.sourceDate} is in the future. ${NOTHING}`, [{ in: 'body', name: 'sourceDate', reason: 'in the future' }]);
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const c = await repo.campaign(trx, b.campaignId);
      if (!c || c.organisationId !== viewer.orgId) {
        throw invalidParameter(`campaignId: there is no campaign ${b.campaignId} of your organisation. Visits are recorded in your own organisation's campaigns. ${NOTHING}`, [{ in: 'body', name: 'campaignId', reason: 'not a campaign of your organisation' }]);
      }
      const f = await this.featureOr400(trx, b.layer, b.featureId);
      const [checklist] = await repo.currentChecklists(trx, { code: b.checklist });
      if (!checklist) {
        const all = (await repo.currentChecklists(trx)).map((k) => k.code);
        throw invalidParameter(`checklist: there is no checklist '${b.checklist}' (there are ${all.join(', ')}). ${NOTHING}`, [{ in: 'body', name: 'checklist', reason: 'unknown checklist' }]);
      }
      if (checklist.layer !== b.layer || (checklist.kind !== null && checklist.kind !== f.kind)) {
        throw invalidParameter(`checklist: ${checklist.code} inspects ${checklist.kind ? `features of kind ${checklist.kind} of layer ${checklist.layer}` : `features of layer ${checklist.layer}`}; ${b.layer} feature ${b.featureId} is ${f.kind ? `of kind ${f.kind}` : 'not one of them'}. ${NOTHING}`,
          [{ in: 'body', name: 'checklist', reason: 'checklist does not fit the feature' }]);
      }
      const s = VisitsService.score(checklist, b.answers);
      await this.checkCommitments(trx, b.campaignId, b.commitmentIds ?? []);
      const visitId = await repo.insertVisit(trx, {
        organisationId: c.organisationId, campaignId: b.campaignId, layer: b.layer, featureId: b.featureId,
        checklistCode: checklist.code, checklistVersion: checklist.version, visitedOn: b.visitedOn, score: s.score, applicable: s.applicable,
        note: b.note ?? '', lang: b.lang ?? null, status: b.status ?? 'draft', source: b.source ?? null, sourceDate: b.sourceDate ?? null,
        licence: b.licence ?? null, provenance: b.provenance ?? 'real', createdBy: viewer.userId,
      });
      await repo.insertAnswers(trx, visitId, checklist.code, checklist.version, b.answers);
      await repo.replaceCommitments(trx, visitId, b.commitmentIds ?? []);
      return visitId;
    });
    return this.get(viewer, id, base);
  }

  /** The visit for a change: visible, the viewer may edit it, and at the version they read. */
  private async forEdit(trx: Db, viewer: SignedIn, id: string, versions: number[], base: string): Promise<VisitDetail> {
    const v = await this.get(viewer, id, base, trx);
    if (!v.permissions.edit) throw new HttpProblem('forbidden', `Only the visit's author and the advocates and admins of ${v.organisation.names.en ?? v.organisation.slug} change this visit. ${NOTHING}`);
    await repo.lockVisit(trx, id);
    if (!versions.includes(v.version)) {
      throw new HttpProblem('version-conflict', `The visit changed since you read it (it is at version ${v.version}). Reload it and try again. ${NOTHING}`, { current: v });
    }
    return v;
  }

  async patch(viewer: SignedIn, id: string, versions: number[], p: VisitPatchInput, base = ''): Promise<VisitDetail> {
    await this.db.transaction().execute(async (trx) => {
      const v = await this.forEdit(trx, viewer, id, versions, base);
      if (p.commitmentIds !== undefined) {
        await this.checkCommitments(trx, v.campaign.id, p.commitmentIds);
        await repo.replaceCommitments(trx, id, p.commitmentIds);
      }
      await repo.updateVisit(trx, id, { status: p.status });
    });
    return this.get(viewer, id, base);
  }

  async remove(viewer: SignedIn, id: string, versions: number[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const v = await this.forEdit(trx, viewer, id, versions, '');
      if (v.status !== 'draft') {
        throw new HttpProblem('conflict', 'A published visit is part of the record and is not deleted. Set it back to draft first if it was published by mistake. Nothing was deleted.');
      }
      await repo.deleteVisit(trx, id);
    });
  }

  /** Authorises a photo before the image is decoded (a cheap read first). */
  async mayAddPhoto(viewer: SignedIn, id: string): Promise<void> {
    const v = await this.get(viewer, id);
    if (!v.permissions.addPhoto) throw new HttpProblem('forbidden', `Only the visit's author and the advocates and admins of its organisation add photos. ${NOTHING}`);
  }

  async addPhoto(viewer: SignedIn, id: string, item: string | null, caption: string, photo: ProcessedPhoto, base = ''): Promise<{ visit: VisitDetail; photoId: string }> {
    const photoId = await this.db.transaction().execute(async (trx) => {
      const v = await this.get(viewer, id, base, trx);
      if (!v.permissions.addPhoto) throw new HttpProblem('forbidden', `Only the visit's author and the advocates and admins of its organisation add photos. ${NOTHING}`);
      await repo.lockVisit(trx, id);
      if (item !== null && !v.answers.some((a) => a.item === item)) {
        throw invalidParameter(`item: checklist ${v.checklist.code} has no item ${item}. ${NOTHING}`, [{ in: 'query', name: 'item', reason: 'unknown item' }]);
      }
      if ((await repo.countPhotos(trx, id)) >= MAX_VISIT_PHOTOS) {
        throw new HttpProblem('conflict', `A visit has at most ${MAX_VISIT_PHOTOS} photos. ${NOTHING}`);
      }
      return repo.insertPhoto(trx, { visitId: id, item, caption, actorId: viewer.userId, photo });
    });
    return { visit: await this.get(viewer, id, base), photoId };
  }

  async photo(viewer: Viewer, id: string, photoId: string, size: 'full' | 'thumb'): Promise<{ id: string; mime: string; content: Buffer }> {
    const p = await repo.photoContent(this.db, readerOf(viewer), id, photoId, size);
    if (!p) throw notFound(`There is no photo ${photoId} of a visit ${id} that you can see.`);
    return { id: p.id, mime: p.mime, content: Buffer.from(p.content) };
  }

  async latest(viewer: Viewer, q: { campaign?: string; project?: string }): Promise<LatestScores> {
    await this.ensureChecklists();
    let campaign = q.campaign;
    if (q.project) {
      campaign = await repo.campaignIdByRef(this.db, q.project);
      if (!campaign) return { type: 'FeatureCollection', features: [] };
    }
    return repo.latest(this.db, readerOf(viewer), campaign);
  }

  /** The monitoring report's table (VisitChange, commitments.types.ts): per facility and checklist, its visible visits and the change between the last two. */
  async changes(viewer: Viewer, campaignId: string): Promise<VisitChange[]> {
    await this.ensureChecklists();
    const reader = readerOf(viewer);
    if (!(await repo.campaignVisibleTo(this.db, reader, campaignId))) throw notFound(`There is no campaign ${campaignId} that you can see.`);
    return (await repo.series(this.db, reader, campaignId)).map((s) => {
      const latest = s.visits[s.visits.length - 1]!.score;
      const previous = s.visits.length > 1 ? s.visits[s.visits.length - 2]!.score : null;
      return {
        facility: { layer: s.layer, id: s.featureId, name: s.name }, checklist: { code: s.code, title: s.title },
        visits: s.visits, latest, previous, change: previous === null ? null : latest - previous, commitmentIds: s.commitmentIds,
      };
    });
  }
}

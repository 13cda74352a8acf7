// Council decisions, their commitments and the progress reported on them: who may read and change
// what, the checks a change passes before anything is stored (one transaction each), and the status
// computed at a clock (commitments.rules.ts) — never stored. Implements CommitmentsReader for the
// tracker pages, the feed, the monitoring report and the reminders.
//
// Rules:
//   read      whoever sees the decision (published: everyone; draft: its organisation and the
//             organisations its campaign is shared with); what a reader cannot see is 404.
//   edit      the decision and its commitments: advocates and admins of the campaign's organisation.
//   report    progress: any member of the campaign's organisation (source 'monitor' by default) or of
//             an organisation it is shared with (source 'official' by default, e.g. the city hall).
//   verify    a member of a shared-with organisation, on an update posted by another organisation.
//   reopen    a broken commitment's linked annotations, by the campaign's advocates and admins.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isEditorRole, readerOf, type SignedIn, type Viewer } from '../access/viewer.js';
import { HttpProblem, notFound } from '../http/problem.js';
import { requireValidGeometry } from '../geo/geometry.service.js';
import { DEFAULT_SERVICE_REGION, type Region } from '../geo/region.js';
import { missingLinkedFeatures } from '../annotations/annotations.repo.js';
import type { AnnotationsService } from '../annotations/annotations.service.js';
import { pick } from '../i18n/pick.js';
import type { ProcessedPhoto } from '../photos/photos.image.js';
import * as repo from './commitments.repo.js';
import { commitmentStatus, COMMITMENT_STATUSES, type CommitmentStatus } from './commitments.rules.js';
import { MAX_UPDATE_PHOTOS, type CommitmentInputT, type CommitmentPatchT, type DecisionCreateT, type DecisionPatchT, type UpdateCreateT, type VerificationPutT } from './commitments.schema.js';
import type {
  CampaignTracker, Commitment, CommitmentsGeoJson, CommitmentsReader, Decision, DecisionDetail, DecisionList, FeedEntry, I18n,
  IndicatorTotal, ProgressUpdate, ReopenAnswer, StatusCounts,
} from './commitments.types.js';

type Db = Kysely<DB>;
const NOTHING = 'Nothing was stored.';
/** Kyrgyzstan's day (UTC+6, no daylight saving): a due date is a day there. */
const KG_OFFSET_MS = 6 * 3_600_000;

export const notFoundDecision = (id: string) => notFound(`There is no decision ${id} that you can see. It may not exist, or it is a draft of another organisation.`);
export const notFoundCommitment = (id: string) => notFound(`There is no commitment ${id} that you can see. It may not exist, or its decision is a draft of another organisation.`);
export const notFoundUpdate = (id: string) => notFound(`There is no progress update ${id} that you can see. It may not exist, have been deleted, or belong to a draft of another organisation.`);

const bad = (name: string, reason: string, message: string) =>
  new HttpProblem('invalid-body', `${message} ${NOTHING}`, { errors: [{ in: 'body', name, reason }] });

const i18n = (t: Partial<I18n> | null | undefined): I18n => ({ ky: t?.ky ?? null, ru: t?.ru ?? null, en: t?.en ?? null });
const emptyCounts = (): StatusCounts => ({ not_started: 0, on_track: 0, at_risk: 0, late: 0, done: 0, broken: 0, total: 0 });

function stale(what: string, sent: number[], current: number) {
  return new HttpProblem('version-conflict',
    `This ${what} was changed by someone else: you sent version ${sent.length ? sent.join(', ') : '(unreadable)'}, it is now at version ${current}. ${NOTHING} Reload it, compare with your change, and apply it again.`,
    { currentVersion: current }, { ETag: `"v${current}"` });
}

export interface CommitmentsOptions {
  clock?: () => Date;
  region?: Region;
  /** Reopens an annotation for a broken commitment (AnnotationsService.reopenForCommitment). */
  annotations: Pick<AnnotationsService, 'reopenForCommitment'>;
}

export class CommitmentsService implements CommitmentsReader {
  private readonly clock: () => Date;
  private readonly region: Region;

  constructor(private readonly db: Db, private readonly opts: CommitmentsOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.region = opts.region ?? DEFAULT_SERVICE_REGION;
  }

  today(): string {
    return new Date(this.clock().getTime() + KG_OFFSET_MS).toISOString().slice(0, 10);
  }

  // ---- reading ----

  private isEditor(viewer: Viewer, d: repo.DecisionRow) {
    return viewer.kind === 'user' && d.relation === 'owner' && isEditorRole(viewer.role);
  }

  private async decisionRow(viewer: Viewer, id: string, db: Db = this.db): Promise<repo.DecisionRow> {
    const d = await repo.getDecision(db, readerOf(viewer), id);
    if (!d) throw notFoundDecision(id);
    return d;
  }

  /** Decisions with their commitments, statuses at asOf, updates, links — in few queries. */
  private async details(viewer: Viewer, rows: repo.DecisionRow[], asOf: string, db: Db = this.db): Promise<DecisionDetail[]> {
    const reader = readerOf(viewer);
    const commitments = await repo.commitmentsOf(db, rows.map((d) => d.id));
    const ids = commitments.map((c) => c.id);
    const [updates, links, reopenings] = await Promise.all([repo.updatesOf(db, ids), repo.linksOf(db, reader, ids), repo.reopeningsOf(db, reader, ids)]);
    return rows.map((d) => {
      const mine = commitments.filter((c) => c.decisionId === d.id).map((c) => this.commitmentOf(viewer, d, c,
        updates.filter((u) => u.commitmentId === c.id), links.filter((l) => l.commitmentId === c.id),
        reopenings.filter((r) => r.commitmentId === c.id), asOf));
      return { ...this.summaryOf(viewer, d, mine), asOf, commitments: mine };
    });
  }

  private summaryOf(viewer: Viewer, d: repo.DecisionRow, commitments: Commitment[]): Decision {
    return {
      id: d.id, campaign: { id: d.campaignId, ref: d.campaignRef, title: d.campaignTitle }, organisation: d.organisation,
      kind: d.kind as Decision['kind'], body: d.body, decidedOn: d.decidedOn, number: d.number, documentUrl: d.documentUrl,
      title: d.title, summary: d.summary, status: d.status, source: d.source, licence: d.licence, provenance: d.provenance as Decision['provenance'],
      version: d.version, updatedAt: d.updatedAt, counts: countsOf(commitments), indicators: indicatorTotals(commitments),
      permissions: { edit: this.isEditor(viewer, d) },
    };
  }

  private updateOf(viewer: Viewer, d: repo.DecisionRow, u: repo.UpdateRow): ProgressUpdate {
    const sameOrg = viewer.kind === 'user' && viewer.orgId === u.organisation.id;
    const poster = viewer.kind === 'user' && viewer.userId === u.createdBy;
    const base = `/api/progress-updates/${u.id}/photos`;
    return {
      id: u.id, commitmentId: u.commitmentId, reportedOn: u.reportedOn, value: u.value, abandoned: u.abandoned, body: u.body, lang: u.lang,
      source: u.source, documents: u.documents, organisation: u.organisation,
      author: u.authorName && (u.authorPublic || sameOrg) ? u.authorName : null, createdAt: u.createdAt,
      photos: u.photos.map((p) => ({ ...p, url: `${base}/${p.id}`, thumbUrl: `${base}/${p.id}?size=thumb` })),
      verifications: u.verifications,
      permissions: {
        delete: poster || this.isEditor(viewer, d),
        verify: viewer.kind === 'user' && d.relation === 'reviewer' && !sameOrg,
        addPhoto: poster || this.isEditor(viewer, d),
      },
    };
  }

  private commitmentOf(viewer: Viewer, d: repo.DecisionRow, c: repo.CommitmentRow, updates: repo.UpdateRow[], links: repo.LinkRow[],
    reopenings: { annotationId: string; at: string }[], asOf: string): Commitment {
    const startOn = c.startOn ?? d.decidedOn;
    const s = commitmentStatus({
      start: startOn, due: c.dueOn, indicator: { baseline: c.baseline, target: c.target },
      // oldest first: of two updates on one day, the one posted later counts (the rules sort stably by date)
      updates: updates.slice().reverse().map((u) => ({ on: u.reportedOn, value: u.value, abandoned: u.abandoned })),
    }, asOf);
    const editor = this.isEditor(viewer, d);
    return {
      id: c.id, decisionId: c.decisionId, position: c.position, title: c.title, responsible: c.responsible, startOn, dueOn: c.dueOn,
      indicator: c.indicator, unit: c.unit as Commitment['unit'], baseline: c.baseline, target: c.target, budgetLine: c.budgetLine,
      budgetAmount: c.budgetAmount, geometry: c.geometry as GeoJSON.Geometry | null,
      links: links.map((l) => (l.annotationId
        ? { annotation: { id: l.annotationId, title: l.title ?? '', status: l.status ?? '' } }
        : { feature: { layer: l.layer!, id: l.featureId!, name: l.name } })),
      version: c.version, ...s,
      // The updates known at asOf, newest first (an update dated later is not yet known then).
      updates: updates.filter((u) => u.reportedOn <= asOf).map((u) => this.updateOf(viewer, d, u)),
      reopened: reopenings.map((r) => ({ annotationId: r.annotationId, at: r.at })),
      permissions: {
        edit: editor,
        report: viewer.kind === 'user' && d.relation !== 'outsider',
        reopen: editor && s.status === 'broken' && links.some((l) => l.annotationId),
      },
    };
  }

  async list(viewer: Viewer, q: { campaign?: string; project?: string; as_of?: string }): Promise<DecisionList> {
    const asOf = q.as_of ?? this.today();
    let campaign = q.campaign;
    if (q.project) {
      campaign = await repo.campaignIdByRef(this.db, q.project);
      if (!campaign) return { asOf, decisions: [] };
    }
    const rows = await repo.listDecisions(this.db, readerOf(viewer), { campaign });
    const details = await this.details(viewer, rows, asOf);
    return { asOf, decisions: details.map(({ commitments: _c, asOf: _a, ...d }) => d) };
  }

  async decision(viewer: Viewer, id: string, asOf = this.today()): Promise<DecisionDetail> {
    const d = await this.decisionRow(viewer, id);
    return (await this.details(viewer, [d], asOf))[0]!;
  }

  async campaignTracker(viewer: Viewer, campaignId: string, asOf = this.today()): Promise<CampaignTracker> {
    const c = await repo.campaignFor(this.db, readerOf(viewer), campaignId);
    if (!c) throw notFound(`There is no campaign ${campaignId} that you can see. It may not exist, or it is a draft of another organisation.`);
    const rows = await repo.listDecisions(this.db, readerOf(viewer), { campaign: campaignId });
    const decisions = await this.details(viewer, rows, asOf);
    const all = decisions.flatMap((d) => d.commitments);
    return { asOf, campaign: { id: c.id, ref: c.ref, title: c.title }, counts: countsOf(all), indicators: indicatorTotals(all), decisions };
  }

  async geojson(viewer: Viewer, decisionId: string | null, campaignId: string | null, asOf = this.today()): Promise<CommitmentsGeoJson> {
    const decisions = decisionId ? [await this.decision(viewer, decisionId, asOf)] : (await this.campaignTracker(viewer, campaignId!, asOf)).decisions;
    const commitments = decisions.flatMap((d) => d.commitments);
    const places = await repo.placesOf(this.db, readerOf(viewer), commitments.map((c) => c.id));
    return {
      type: 'FeatureCollection', asOf,
      features: commitments.filter((c) => places.has(c.id)).map((c) => ({
        type: 'Feature' as const, id: c.id, geometry: places.get(c.id) as GeoJSON.Geometry,
        properties: { id: c.id, decisionId: c.decisionId, title: c.title, status: c.status, share: c.share, dueOn: c.dueOn, responsible: c.responsible },
      })),
    };
  }

  async feed(viewer: Viewer, scope: { decisionId?: string; campaignId?: string }, limit: number): Promise<FeedEntry[]> {
    if (scope.decisionId) await this.decisionRow(viewer, scope.decisionId);
    if (scope.campaignId && !(await repo.campaignFor(this.db, readerOf(viewer), scope.campaignId))) {
      throw notFound(`There is no campaign ${scope.campaignId} that you can see.`);
    }
    const ids = await repo.latestUpdateIds(this.db, readerOf(viewer), scope, limit);
    const decisionIds = [...new Set(ids.map((x) => x.decisionId))];
    const details = await this.details(viewer, (await Promise.all(decisionIds.map((id) => this.decisionRow(viewer, id)))), this.today());
    const out: FeedEntry[] = [];
    for (const { id, decisionId } of ids) {
      const d = details.find((x) => x.id === decisionId)!;
      for (const c of d.commitments) {
        const u = c.updates.find((x) => x.id === id);
        if (u) out.push({ update: u, commitment: { id: c.id, title: c.title, status: c.status }, decision: { id: d.id, title: d.title, campaignId: d.campaign.id } });
      }
    }
    return out;
  }

  async photo(viewer: Viewer, updateId: string, photoId: string, size: 'full' | 'thumb') {
    await this.updateContext(viewer, updateId);
    const p = await repo.photoContent(this.db, updateId, photoId, size);
    if (!p) throw notFound(`Progress update ${updateId} has no photo ${photoId}.`);
    return { mime: p.mime, content: Buffer.from(p.content) };
  }

  async commitment(viewer: Viewer, id: string, asOf = this.today()): Promise<Commitment> {
    const { decision } = await this.commitmentContext(viewer, id);
    const c = (await this.details(viewer, [decision], asOf))[0]!.commitments.find((x) => x.id === id);
    if (!c) throw notFoundCommitment(id);
    return c;
  }

  private async commitmentContext(viewer: Viewer, id: string, db: Db = this.db): Promise<{ decision: repo.DecisionRow; commitment: repo.CommitmentRow }> {
    const decisionId = await repo.decisionIdOfCommitment(db, id);
    const decision = decisionId ? await repo.getDecision(db, readerOf(viewer), decisionId) : undefined;
    const commitment = decision ? await repo.getCommitment(db, id) : undefined;
    if (!decision || !commitment) throw notFoundCommitment(id);
    return { decision, commitment };
  }

  private async updateContext(viewer: Viewer, id: string, db: Db = this.db): Promise<{ decision: repo.DecisionRow; update: repo.UpdateRow }> {
    const commitmentId = await repo.commitmentIdOfUpdate(db, id);
    if (!commitmentId) throw notFoundUpdate(id);
    const decisionId = await repo.decisionIdOfCommitment(db, commitmentId);
    const decision = decisionId ? await repo.getDecision(db, readerOf(viewer), decisionId) : undefined;
    const update = decision ? await repo.getUpdate(db, id) : undefined;
    if (!decision || !update) throw notFoundUpdate(id);
    return { decision, update };
  }

  // ---- changing ----

  private requireEditor(viewer: SignedIn, d: repo.DecisionRow) {
    if (this.isEditor(viewer, d)) return;
    throw new HttpProblem('forbidden', d.relation === 'owner'
      ? `Advocates and admins record and change the decisions of their campaign; engineers report progress on them. ${NOTHING}`
      : `Only the campaign's own organisation (advocates, admins) records and changes its decisions; yours can report progress and verify it. ${NOTHING}`);
  }

  /** Checks of one commitment against its decision and the database; names the field in `at`. */
  private async checkCommitment(db: Db, viewer: SignedIn, d: { decidedOn: string; campaignId: string; organisationId: string }, c: Partial<CommitmentInputT>, at: string) {
    if (c.dueOn !== undefined && c.dueOn <= d.decidedOn) {
      throw bad(`${at}dueOn`, 'not after the decision', `${at}dueOn ${c.dueOn} is not after the decision's date ${d.decidedOn}: a commitment is due after it was made.`);
    }
    if (c.startOn && c.startOn < d.decidedOn) {
      throw bad(`${at}startOn`, 'before the decision', `${at}startOn ${c.startOn} is before the decision's date ${d.decidedOn}.`);
    }
    if (c.budgetLineId != null) {
      const owner = await repo.budgetLineOwner(db, c.budgetLineId);
      if (owner !== d.organisationId) {
        throw bad(`${at}budgetLineId`, 'unknown budget line', `${at}budgetLineId ${c.budgetLineId} is not a budget line of this organisation's budgets (see /api/budgets).`);
      }
    }
    if (c.geometry) await requireValidGeometry(db, c.geometry, `${at}geometry`, this.region);
    if (c.links?.features?.length) {
      const missing = await missingLinkedFeatures(db, c.links.features);
      if (missing.length) throw bad(`${at}links.features`, 'does not exist', `${at}links.features: ${missing.map((m) => `${m.layer} feature ${m.id}`).join(', ')} does not exist (see /api/layers/{layer}/features).`);
    }
    if (c.links?.annotations?.length) {
      const found = await repo.annotationsInCampaign(db, readerOf(viewer), d.campaignId, c.links.annotations);
      const missing = c.links.annotations.filter((a) => !found.has(a));
      if (missing.length) throw bad(`${at}links.annotations`, 'not in the campaign', `${at}links.annotations: ${missing.join(', ')} is not an annotation of this campaign that you can see.`);
    }
  }

  private values(c: CommitmentInputT, position: number): repo.CommitmentValues {
    return {
      position: c.position ?? position, title: c.title, responsible: c.responsible, startOn: c.startOn ?? null, dueOn: c.dueOn,
      indicator: c.indicator, unit: c.unit, baseline: c.baseline, target: c.target, budgetLineId: c.budgetLineId ?? null,
      budgetAmount: c.budgetAmount ?? null, geometry: c.geometry ?? null,
    };
  }

  async create(viewer: SignedIn, body: DecisionCreateT, opts: { ref?: string } = {}): Promise<DecisionDetail> {
    const id = await this.db.transaction().execute(async (trx) => {
      const campaign = await repo.campaignFor(trx, readerOf(viewer), body.campaignId);
      if (!campaign) throw bad('campaignId', 'unknown campaign', `campaignId ${body.campaignId} is not a campaign you can see.`);
      if (campaign.relation !== 'owner' || !isEditorRole(viewer.role)) {
        throw new HttpProblem('forbidden', `Only the campaign's own organisation (advocates, admins) records its decisions. ${NOTHING}`);
      }
      if (body.decidedOn > this.today()) throw bad('decidedOn', 'in the future', `decidedOn ${body.decidedOn} is in the future: record a decision once it is adopted.`);
      const d = { decidedOn: body.decidedOn, campaignId: campaign.id, organisationId: campaign.organisationId };
      for (const [i, c] of (body.commitments ?? []).entries()) await this.checkCommitment(trx, viewer, d, c, `commitments[${i}].`);
      const decisionId = await repo.insertDecision(trx, {
        ref: opts.ref, organisationId: campaign.organisationId, campaignId: campaign.id, kind: body.kind, body: body.body, decidedOn: body.decidedOn,
        number: body.number ?? null, documentUrl: body.documentUrl ?? null, title: body.title, summary: body.summary ?? {}, status: body.status ?? 'draft',
        source: body.source ?? null, licence: body.licence ?? null, provenance: body.provenance ?? 'real', actorId: viewer.userId,
      });
      for (const [i, c] of (body.commitments ?? []).entries()) {
        const cid = await repo.insertCommitment(trx, decisionId, { ...this.values(c, i), actorId: viewer.userId });
        if (c.links) await repo.replaceLinks(trx, cid, c.links);
      }
      return decisionId;
    });
    return this.decision(viewer, id);
  }

  /** Lock, authorise, compare versions: the decision for a change. */
  private async decisionForEdit(trx: Db, viewer: SignedIn, id: string, versions: number[] | null): Promise<repo.DecisionRow> {
    await this.decisionRow(viewer, id, trx);
    await repo.lockDecision(trx, id);
    const d = await this.decisionRow(viewer, id, trx);
    this.requireEditor(viewer, d);
    if (versions && !versions.includes(d.version)) throw stale('decision', versions, d.version);
    return d;
  }

  async patch(viewer: SignedIn, id: string, versions: number[], body: DecisionPatchT): Promise<DecisionDetail> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.decisionForEdit(trx, viewer, id, versions);
      if (body.decidedOn !== undefined) {
        if (body.decidedOn > this.today()) throw bad('decidedOn', 'in the future', `decidedOn ${body.decidedOn} is in the future: record a decision once it is adopted.`);
        const early = (await repo.commitmentsOf(trx, [id])).find((c) => c.dueOn <= body.decidedOn! || (c.startOn !== null && c.startOn < body.decidedOn!));
        if (early) throw bad('decidedOn', 'after a commitment', `decidedOn ${body.decidedOn} would come after the start or due date of the commitment "${pick(early.title, 'en')}" (due ${early.dueOn}).`);
      }
      const { title, summary, ...rest } = body;
      await repo.updateDecision(trx, id, viewer.userId, {
        ...rest, ...(title ? { title: { ...d.title, ...title } } : {}), ...(summary ? { summary: { ...d.summary, ...summary } } : {}),
      } as Partial<repo.DecisionValues>);
    });
    return this.decision(viewer, id);
  }

  async remove(viewer: SignedIn, id: string, versions: number[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.decisionForEdit(trx, viewer, id, versions);
      if (d.status === 'published') {
        throw new HttpProblem('conflict', `A published decision is kept as the record of what was promised. Set its status back to draft first if it was published by mistake. ${NOTHING}`);
      }
      await repo.deleteDecision(trx, id);
    });
  }

  async addCommitment(viewer: SignedIn, decisionId: string, body: CommitmentInputT): Promise<Commitment> {
    const cid = await this.db.transaction().execute(async (trx) => {
      const d = await this.decisionForEdit(trx, viewer, decisionId, null);
      await this.checkCommitment(trx, viewer, d, body, '');
      const n = (await repo.commitmentsOf(trx, [decisionId])).length;
      const id = await repo.insertCommitment(trx, decisionId, { ...this.values(body, n), actorId: viewer.userId });
      if (body.links) await repo.replaceLinks(trx, id, body.links);
      return id;
    });
    return this.commitment(viewer, cid);
  }

  private async commitmentForEdit(trx: Db, viewer: SignedIn, id: string, versions: number[]) {
    const { decision } = await this.commitmentContext(viewer, id, trx);
    await repo.lockCommitment(trx, id);
    const ctx = await this.commitmentContext(viewer, id, trx);
    this.requireEditor(viewer, decision);
    if (!versions.includes(ctx.commitment.version)) throw stale('commitment', versions, ctx.commitment.version);
    return ctx;
  }

  async patchCommitment(viewer: SignedIn, id: string, versions: number[], body: CommitmentPatchT): Promise<Commitment> {
    await this.db.transaction().execute(async (trx) => {
      const { decision, commitment: c } = await this.commitmentForEdit(trx, viewer, id, versions);
      const baseline = body.baseline ?? c.baseline;
      const target = body.target ?? c.target;
      if (baseline === target) throw bad('target', 'equals baseline', 'target must differ from baseline: an indicator that starts at its target measures no progress.');
      const startOn = body.startOn !== undefined ? body.startOn : c.startOn;
      const dueOn = body.dueOn ?? c.dueOn;
      if (startOn && startOn >= dueOn) throw bad('dueOn', 'not after startOn', `dueOn ${dueOn} must be after startOn ${startOn}.`);
      await this.checkCommitment(trx, viewer, decision, body, '');
      const { links, title, indicator, ...rest } = body;
      await repo.updateCommitment(trx, id, viewer.userId, {
        ...rest, ...(title ? { title: { ...c.title, ...title } } : {}), ...(indicator ? { indicator: { ...c.indicator, ...indicator } } : {}),
      } as Partial<repo.CommitmentValues>);
      if (links) await repo.replaceLinks(trx, id, links);
    });
    return this.commitment(viewer, id);
  }

  async removeCommitment(viewer: SignedIn, id: string, versions: number[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { decision } = await this.commitmentForEdit(trx, viewer, id, versions);
      if (decision.status === 'published' && (await repo.updatesOf(trx, [id])).length > 0) {
        throw new HttpProblem('conflict', `This commitment of a published decision has progress reported on it and is kept as the record. ${NOTHING}`);
      }
      await repo.deleteCommitment(trx, id);
    });
  }

  async addUpdate(viewer: SignedIn, commitmentId: string, body: UpdateCreateT, opts: { ref?: string } = {}): Promise<ProgressUpdate> {
    const id = await this.db.transaction().execute(async (trx) => {
      const { decision: d, commitment: c } = await this.commitmentContext(viewer, commitmentId, trx);
      if (d.relation === 'outsider') {
        throw new HttpProblem('forbidden', `Progress is reported by the campaign's organisation and the organisations it is shared with. ${NOTHING}`);
      }
      const startOn = c.startOn ?? d.decidedOn;
      if (body.reportedOn < d.decidedOn) throw bad('reportedOn', 'before the decision', `reportedOn ${body.reportedOn} is before the decision's date ${d.decidedOn} (the plan starts ${startOn}).`);
      if (body.reportedOn > this.today()) throw bad('reportedOn', 'in the future', `reportedOn ${body.reportedOn} is in the future: report progress that has happened.`);
      return repo.insertUpdate(trx, {
        ref: opts.ref, commitmentId, reportedOn: body.reportedOn, value: body.value ?? null, abandoned: body.abandoned ?? false, body: body.body ?? '',
        lang: body.lang ?? null, source: body.source ?? (d.relation === 'owner' ? 'monitor' : 'official'), documents: body.documents ?? [],
        organisationId: viewer.orgId, actorId: viewer.userId,
      });
    });
    return this.progressUpdate(viewer, id);
  }

  async progressUpdate(viewer: Viewer, id: string): Promise<ProgressUpdate> {
    const { decision, update } = await this.updateContext(viewer, id);
    return this.updateOf(viewer, decision, update);
  }

  async removeUpdate(viewer: SignedIn, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { decision, update } = await this.updateContext(viewer, id, trx);
      if (!this.updateOf(viewer, decision, update).permissions.delete) {
        throw new HttpProblem('forbidden', `A progress update is removed by whoever posted it or by the campaign's advocates and admins. ${NOTHING}`);
      }
      await repo.deleteUpdate(trx, id, viewer.userId);
    });
  }

  /** Authorisation before the photo is decoded (cheap read first). */
  async checkPhotoRights(viewer: SignedIn, id: string): Promise<void> {
    const u = await this.progressUpdate(viewer, id);
    if (!u.permissions.addPhoto) throw new HttpProblem('forbidden', `Photos are added to a progress update by whoever posted it or by the campaign's advocates and admins. ${NOTHING}`);
    if (u.photos.length >= MAX_UPDATE_PHOTOS) throw new HttpProblem('conflict', `A progress update holds at most ${MAX_UPDATE_PHOTOS} photos. ${NOTHING}`);
  }

  async addPhoto(viewer: SignedIn, id: string, caption: string, photo: ProcessedPhoto): Promise<{ update: ProgressUpdate; photoId: string }> {
    const photoId = await this.db.transaction().execute(async (trx) => {
      const { decision, update } = await this.updateContext(viewer, id, trx);
      if (!this.updateOf(viewer, decision, update).permissions.addPhoto) throw new HttpProblem('forbidden', `Photos are added by whoever posted the update or by the campaign's advocates and admins. ${NOTHING}`);
      if ((await repo.photoCount(trx, id)) >= MAX_UPDATE_PHOTOS) throw new HttpProblem('conflict', `A progress update holds at most ${MAX_UPDATE_PHOTOS} photos. ${NOTHING}`);
      return repo.insertPhoto(trx, { updateId: id, caption, actorId: viewer.userId, photo });
    });
    return { update: await this.progressUpdate(viewer, id), photoId };
  }

  async verify(viewer: SignedIn, id: string, body: VerificationPutT): Promise<ProgressUpdate> {
    await this.db.transaction().execute(async (trx) => {
      const { decision, update } = await this.updateContext(viewer, id, trx);
      if (!this.updateOf(viewer, decision, update).permissions.verify) {
        throw new HttpProblem('forbidden', `An update is verified by a member of another organisation the campaign is shared with, not by the organisation that posted it. ${NOTHING}`);
      }
      await repo.upsertVerification(trx, { updateId: id, organisationId: viewer.orgId, verdict: body.verdict, note: body.note ?? '', actorId: viewer.userId });
    });
    return this.progressUpdate(viewer, id);
  }

  /** Reopens the linked annotations of a broken commitment (those the council had planned, resolved or rejected). */
  async reopen(viewer: SignedIn, id: string): Promise<ReopenAnswer> {
    const c = await this.commitment(viewer, id);
    const { decision } = await this.commitmentContext(viewer, id);
    this.requireEditor(viewer, decision);
    if (c.status !== 'broken') {
      throw new HttpProblem('conflict', `Only a broken commitment reopens its gaps; this one is ${c.status.replace('_', ' ')} as of ${this.today()}. ${NOTHING}`, { status: c.status });
    }
    const title = pick(c.title, 'en');
    const reason = `Commitment "${title}" of the decision of ${pick(decision.body, 'en')} (${decision.decidedOn}) was broken: due ${c.dueOn}.`;
    const answer: ReopenAnswer = { reopened: [], skipped: [] };
    for (const a of await repo.linkedAnnotations(this.db, readerOf(viewer), id)) {
      if (!['planned', 'resolved', 'rejected'].includes(a.status)) {
        answer.skipped.push({ id: a.id, title: a.title, status: a.status, reason: a.status === 'reopened' ? 'already reopened' : `a ${a.status.replace('_', ' ')} annotation is still before the council's answer` });
        continue;
      }
      await this.opts.annotations.reopenForCommitment(viewer, a.id, a.version, reason,
        { id, decisionId: decision.id, title: c.title, body: decision.body, decidedOn: decision.decidedOn, dueOn: c.dueOn },
        (trx) => repo.insertReopening(trx, id, a.id, viewer.userId));
      answer.reopened.push({ id: a.id, title: a.title });
    }
    return answer;
  }
}

export function countsOf(commitments: { status: CommitmentStatus }[]): StatusCounts {
  const counts = emptyCounts();
  for (const c of commitments) { counts[c.status]++; counts.total++; }
  return counts;
}

/** Sums per unit and indicator wording: "4.5 of 12 km of canal rehabilitated". */
export function indicatorTotals(commitments: Commitment[]): IndicatorTotal[] {
  const byKey = new Map<string, IndicatorTotal>();
  for (const c of commitments) {
    const key = `${c.unit}|${c.indicator.en ?? ''}|${c.indicator.ru ?? ''}|${c.indicator.ky ?? ''}`;
    const t = byKey.get(key) ?? { unit: c.unit, indicator: i18n(c.indicator), baseline: 0, target: 0, current: 0, commitments: 0 };
    t.baseline += c.baseline; t.target += c.target; t.current += c.latestValue ?? c.baseline; t.commitments++;
    byKey.set(key, t);
  }
  return [...byKey.values()].map((t) => ({ ...t, baseline: round3(t.baseline), target: round3(t.target), current: round3(t.current) }));
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
export { COMMITMENT_STATUSES };

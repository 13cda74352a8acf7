// The Tracker tab's state: the chosen campaign and its decisions, the open decision (its commitments,
// updates and the map of its commitments), the decision form (new or edit: drawing a commitment's place
// or linking map features and gaps to it), posting progress with a photo, and the reminders' digest.
// The answers are exactly what the commitments API said (api/commitments.ts); a 412/428 on an edit
// reloads the decision and says so.
import { commitmentsApi, type CampaignTracker, type CommitmentsGeoJson, type DecisionDetail, type ProgressUpdate, type ReminderDigest, type UpdateBody, type VerificationBody } from '../api/commitments.ts';
import { ApiError, asApiError } from '../api/client.ts';
import type { MapContext } from '../map/map-context.svelte.ts';
import type { DrawEngine, DrawKind } from '../map/draw/draw.ts';
import { createTerraDrawEngine } from '../map/draw/terra-draw.engine.ts';
import { bboxOf } from '../lib/geo.ts';
import { newUuid } from '../lib/uuid.ts';
import { Slot } from './analysis.svelte.ts';
import { advocacy } from '../api/advocacy.ts';
import { budgetsApi } from '../api/budgets.ts';
import { app } from './app.svelte.ts';
import { interaction } from './interaction.svelte.ts';
import {
  commitmentBody, commitmentPatch, createBody, decisionPatch, draftOf, rebase, type DecisionDraft, type Geometry, type LinkedFeature,
} from '../components/tracker/decision-form.ts';

export type TrackerView = { kind: 'list' } | { kind: 'decision'; id: string } | { kind: 'form'; id: string | null } | { kind: 'progress'; decisionId: string; commitmentId: string };

export class TrackerState {
  campaignId = $state('');
  view = $state.raw<TrackerView>({ kind: 'list' });
  /** The campaign's decisions with their commitments (GET /api/campaigns/{id}/tracker). */
  list = new Slot<CampaignTracker>();
  detail = new Slot<DecisionDetail>();
  /** The map: the open decision's commitments, else every decision's of the campaign. */
  geo = new Slot<CommitmentsGeoJson>();
  /** null: the server has no reminders (404) or the reader is signed out. */
  reminders = new Slot<ReminderDigest | null>();

  /** What a commitment of the form may link to: the campaign's gaps, and the lines of its budgets. */
  choices = new Slot<{ annotations: { id: string; title: string }[]; budgetLines: { id: number; label: string; amount: number }[] }>();

  /** The form being filled (new decision or edit). */
  draft = $state<DecisionDraft | null>(null);
  formError = $state.raw<ApiError | null>(null);
  /** Someone else changed the decision first (412; 428 alike): it was reloaded, the person checks and saves again. */
  stale = $state(false);
  busy = $state(false);
  actionError = $state.raw<ApiError | null>(null);
  /** Shown after reopening the linked gaps of a broken commitment. */
  reopened = $state.raw<{ commitmentId: string; reopened: number; skipped: number } | null>(null);
  /** The commitment (index in the draft) whose place is being drawn, or whose links are being picked on the map. */
  drawingFor = $state<number | null>(null);
  pickingFor = $state<number | null>(null);

  private ctx: MapContext | null = null;
  private engine: DrawEngine | null = null;
  /** One Idempotency-Key per decision being created (a retried Save after a network failure is the same request). */
  private createKey = newUuid();

  attach(ctx: MapContext) { this.ctx = ctx; }
  detach() { this.engine?.destroy(); this.engine = null; this.ctx = null; }

  choose(campaignId: string) {
    if (campaignId === this.campaignId) return;
    this.cancelForm();
    this.campaignId = campaignId;
    this.view = { kind: 'list' };
    this.detail.reset();
    void this.loadList();
  }

  async loadList(force = false) {
    const c = this.campaignId;
    if (!c) { this.list.reset(); this.geo.reset(); return; }
    await this.list.run(`list:${c}`, (signal) => commitmentsApi.campaignTracker(c, signal), force);
    if (this.view.kind === 'list') await this.loadMap(force);
  }

  async loadReminders() {
    await this.reminders.run('reminders', async (signal) => {
      try { return await commitmentsApi.reminders(signal); } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 401)) return null;
        throw err;
      }
    }, true);
  }

  /** The map of what is shown: one decision's commitments, or the campaign's. */
  async loadMap(force = false) {
    const id = this.view.kind === 'decision' ? this.view.id : this.view.kind === 'progress' ? this.view.decisionId : null;
    const c = this.campaignId;
    if (!id && !c) { this.geo.reset(); return; }
    await this.geo.run(id ? `decision:${id}` : `campaign:${c}`, (signal) => (id ? commitmentsApi.geojson(id, signal) : commitmentsApi.campaignGeojson(c, signal)), force);
  }

  async open(id: string, force = false) {
    this.cancelForm();
    this.view = { kind: 'decision', id };
    this.actionError = null;
    this.reopened = null;
    await Promise.all([this.detail.run(id, (signal) => commitmentsApi.decision(id, signal), force), this.loadMap(force)]);
  }

  back() {
    this.cancelForm();
    this.view = { kind: 'list' };
    this.detail.reset();
    void this.loadMap();
  }

  /** Fit the map to the commitments shown. */
  showOnMap() {
    const fs = this.geo.data?.features ?? [];
    if (!fs.length) return;
    const bs = fs.map((f) => bboxOf(f.geometry as Parameters<typeof bboxOf>[0])).filter((b): b is NonNullable<typeof b> => !!b);
    if (!bs.length) return;
    const b: [number, number, number, number] = [Math.min(...bs.map((x) => x[0])), Math.min(...bs.map((x) => x[1])), Math.max(...bs.map((x) => x[2])), Math.max(...bs.map((x) => x[3]))];
    this.ctx?.fitBounds(b, { maxZoom: 15 });
  }

  // ---- the decision form ----

  private loadChoices(campaign: string) {
    void this.choices.run(`choices:${campaign}`, async (signal) => {
      const [anns, docs] = await Promise.all([
        advocacy.annotations({ campaign }, signal),
        budgetsApi.list({ campaign }, signal).catch(() => ({ documents: [] as { id: string }[] })),
      ]);
      const details = await Promise.all(docs.documents.map((d) => budgetsApi.get(d.id, signal)));
      return {
        annotations: anns.features.map((a) => ({ id: a.id, title: a.properties.title })),
        budgetLines: details.flatMap((d) => d.lines.filter((l) => l.direction === 'expenditure').map((l) => ({ id: l.id, label: `${d.title ?? d.municipality} ${d.fiscalYear}: ${l.description}`, amount: l.amount }))),
      };
    });
  }

  startNew() {
    this.cancelForm();
    this.loadChoices(this.campaignId);
    this.draft = draftOf(null, this.campaignId);
    this.createKey = newUuid();
    this.view = { kind: 'form', id: null };
  }

  startEdit() {
    const d = this.detail.data;
    if (!d?.permissions.edit) return;
    this.cancelForm();
    this.loadChoices(d.campaign.id);
    this.draft = draftOf(d, d.campaign.id);
    this.view = { kind: 'form', id: d.id };
  }

  cancelForm() {
    this.stopDrawing();
    this.pickingFor = null;
    interaction.leave('tracker');
    this.draft = null;
    this.formError = null;
    this.stale = false;
    if (this.view.kind === 'form') this.view = this.view.id ? { kind: 'decision', id: this.view.id } : { kind: 'list' };
  }

  private async engineFor(): Promise<DrawEngine | null> {
    const map = this.ctx?.map;
    if (!map) return null;
    this.engine ??= await createTerraDrawEngine(map, {
      onfinish: (g) => this.placed(g as Geometry),
      onchange: (g) => this.placed(g as Geometry, false),
    });
    return this.engine;
  }

  private placed(g: Geometry, done = true) {
    const i = this.drawingFor;
    if (i === null || !this.draft?.commitments[i]) return;
    this.draft.commitments[i]!.geometry = g;
    if (done) { this.engine?.clear(); this.drawingFor = null; interaction.leave('tracker'); }
  }

  /** Draw commitment i's place (a point, a line such as a canal section, or an area). */
  async draw(i: number, kind: DrawKind) {
    this.pickingFor = null;
    interaction.enter({ kind: 'tracker-draw' }, () => this.stopDrawing());
    const e = await this.engineFor();
    if (!e) { interaction.leave('tracker'); return; }
    this.drawingFor = i;
    app.drawerOpen = false; // narrow screens: the map must be free to tap
    e.draw(kind);
  }

  stopDrawing() {
    this.engine?.clear();
    this.drawingFor = null;
    if (interaction.is('tracker-draw')) interaction.leave('tracker');
  }

  /** Wait for clicks on map features or gaps to link them to commitment i (another click on the button ends it). */
  pick(i: number | null) {
    this.stopDrawing();
    this.pickingFor = i;
    if (i === null) interaction.leave('tracker');
    else { interaction.enter({ kind: 'tracker-link' }, () => { this.pickingFor = null; }); app.drawerOpen = false; }
  }

  /** A map click while picking (shell/map-click.ts): a gap or a feature joins the commitment's links. */
  picked(link: { annotation: { id: string; title: string } } | { feature: LinkedFeature }) {
    const c = this.pickingFor !== null ? this.draft?.commitments[this.pickingFor] : undefined;
    if (!c) return;
    if ('annotation' in link) { if (!c.annotations.some((a) => a.id === link.annotation.id)) c.annotations.push(link.annotation); }
    else if (!c.features.some((f) => f.layer === link.feature.layer && f.id === link.feature.id)) c.features.push(link.feature);
  }

  /** Save the form: POST the decision with its commitments, or PATCH what changed (If-Match) and add new commitments. */
  async save() {
    const d = this.draft;
    if (!d) return;
    this.busy = true;
    this.formError = null;
    this.stale = false;
    try {
      const before = this.view.kind === 'form' && this.view.id ? this.detail.data : null;
      let id: string;
      if (!before) {
        id = (await commitmentsApi.createDecision(createBody($state.snapshot(d) as DecisionDraft), this.createKey)).id;
      } else {
        id = before.id;
        const patch = decisionPatch(before, d);
        if (Object.keys(patch).length) await commitmentsApi.patchDecision(id, before.version, patch);
        for (const [i, c] of d.commitments.entries()) {
          const was = c.id ? before.commitments.find((x) => x.id === c.id) : undefined;
          if (!was) { await commitmentsApi.addCommitment(id, commitmentBody($state.snapshot(c) as typeof c, i)); continue; }
          const p = commitmentPatch(was, c, i);
          if (Object.keys(p).length) await commitmentsApi.patchCommitment(was.id, was.version, p);
        }
      }
      this.stopDrawing();
      interaction.leave('tracker');
      this.draft = null;
      this.view = { kind: 'decision', id };
      await Promise.all([this.list.run(`list:${this.campaignId}`, (s) => commitmentsApi.campaignTracker(this.campaignId, s), true), this.detail.run(id, (s) => commitmentsApi.decision(id, s), true), this.loadMap(true)]);
    } catch (err) {
      const e = asApiError(err);
      const id = this.view.kind === 'form' ? this.view.id : null;
      const was = this.detail.data;
      if ((e.status === 412 || e.status === 428) && id && was) {
        // Someone changed it first: load the latest version and move the person's changes onto it.
        this.stale = true;
        await this.detail.run(id, (s) => commitmentsApi.decision(id, s), true);
        const now = this.detail.data;
        if (now && this.draft) this.draft = rebase($state.snapshot(this.draft) as DecisionDraft, was, now);
      } else this.formError = e;
    } finally { this.busy = false; }
  }

  /** Publish or take back to draft (If-Match); a 412 reloads. */
  async setStatus(status: 'draft' | 'published') {
    const d = this.detail.data;
    if (!d) return;
    await this.act(() => commitmentsApi.patchDecision(d.id, d.version, { status }));
  }

  // ---- progress ----

  startProgress(commitmentId: string) {
    const d = this.detail.data;
    if (!d) return;
    this.actionError = null;
    this.view = { kind: 'progress', decisionId: d.id, commitmentId };
  }

  /** Post an update, then its photo (the update must exist first). The update is kept when the photo fails: the error says so. */
  async postProgress(commitmentId: string, body: UpdateBody, key: string, photo: { file: File; caption: string; keepLocation: boolean } | null): Promise<ProgressUpdate | null> {
    this.busy = true;
    this.actionError = null;
    let update: ProgressUpdate | null = null;
    try {
      update = await commitmentsApi.addUpdate(commitmentId, body, key);
      if (photo) update = await commitmentsApi.addPhoto(update.id, photo.file, photo.caption, photo.keepLocation);
      const id = this.view.kind === 'progress' ? this.view.decisionId : this.detail.data?.id ?? '';
      await this.open(id, true);
      void this.loadList(true);
      return update;
    } catch (err) {
      this.actionError = asApiError(err);
      return update;
    } finally { this.busy = false; }
  }

  private async act(call: () => Promise<unknown>) {
    const d = this.detail.data;
    if (!d) return false;
    this.busy = true;
    this.actionError = null;
    this.stale = false;
    try {
      await call();
      await Promise.all([this.detail.run(d.id, (s) => commitmentsApi.decision(d.id, s), true), this.loadMap(true)]);
      void this.loadList(true);
      return true;
    } catch (err) {
      const e = asApiError(err);
      if (e.status === 412 || e.status === 428) { this.stale = true; await this.detail.run(d.id, (s) => commitmentsApi.decision(d.id, s), true); }
      else this.actionError = e;
      return false;
    } finally { this.busy = false; }
  }

  /** Delete a draft decision (If-Match); back to the list. */
  async removeDraft() {
    const d = this.detail.data;
    if (!d || d.status !== 'draft') return;
    this.busy = true;
    this.actionError = null;
    try {
      await commitmentsApi.deleteDecision(d.id, d.version);
      this.back();
      await this.loadList(true);
    } catch (err) {
      const e = asApiError(err);
      if (e.status === 412 || e.status === 428) { this.stale = true; await this.detail.run(d.id, (s) => commitmentsApi.decision(d.id, s), true); }
      else this.actionError = e;
    } finally { this.busy = false; }
  }

  verify(updateId: string, body: VerificationBody) { return this.act(() => commitmentsApi.verify(updateId, body)); }
  removeUpdate(updateId: string) { return this.act(() => commitmentsApi.deleteUpdate(updateId)); }

  async reopen(commitmentId: string) {
    let answer: { reopened: unknown[]; skipped: unknown[] } | null = null;
    const ok = await this.act(async () => { answer = await commitmentsApi.reopen(commitmentId); });
    const a = answer as { reopened: unknown[]; skipped: unknown[] } | null;
    if (ok && a) this.reopened = { commitmentId, reopened: a.reopened.length, skipped: a.skipped.length };
  }
}

export const tracker = new TrackerState();

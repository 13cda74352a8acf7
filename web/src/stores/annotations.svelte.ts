// Over 300 lines on purpose: one store for an annotation's whole life (list, detail, form, drawing, 412s), which share their state.
// Gap annotations in the web app: the list and its filters, the open annotation (detail, timeline),
// the form (new or edit), drawing, and what happens when someone else changed it first (412).
// The server decides what the viewer may see and do (`permissions` on every annotation).
import { advocacy, type Annotation, type AnnotationContent, type AnnotationGeometry, type Campaign, type LinkedFeature, type ReviewStatus, type StatusChange, type TimelineEntry } from '../api/advocacy.ts';
import { ApiError } from '../api/client.ts';
import type { MapContext } from '../map/map-context.svelte.ts';
import type { DrawEngine, DrawKind } from '../map/draw/draw.ts';
import { createTerraDrawEngine } from '../map/draw/terra-draw.engine.ts';
import { interaction } from './interaction.svelte.ts';
import { bboxOf } from '../lib/geo.ts';
import { diffContent, type Conflict, type Filter, type FormMode } from './annotation-form.ts';

export class AnnotationsState {
  list = $state.raw<Annotation[]>([]);
  matched = $state(0);
  listLoading = $state(false);
  listError = $state.raw<ApiError | null>(null);
  filter = $state<Filter>({ campaign: '', category: [], status: [], severity: [] });
  campaigns = $state.raw<Campaign[]>([]);

  current = $state.raw<Annotation | null>(null);
  timeline = $state.raw<TimelineEntry[]>([]);
  detailError = $state.raw<ApiError | null>(null);
  /** An action on the open annotation is running. */
  busy = $state(false);
  actionError = $state.raw<ApiError | null>(null);

  form = $state.raw<FormMode | null>(null);
  formError = $state.raw<ApiError | null>(null);
  /** The shape being edited (new or changed geometry). */
  geometry = $state.raw<AnnotationGeometry | null>(null);
  /** Drawing on the map (interaction mode annotation-draw): map clicks go to the drawing, not to feature selection. */
  get drawing(): DrawKind | 'edit' | null { const m = interaction.mode; return 'shape' in m ? m.shape : null; }
  set drawing(shape: DrawKind | 'edit' | null) { this.setMode(shape, this.pickingLink); }
  /** The form waits for a click on a map feature to link it (interaction mode annotation-link). */
  get pickingLink(): boolean { return interaction.is('annotation-link'); }
  set pickingLink(on: boolean) { this.setMode(this.drawing, on); }
  pickedLink = $state.raw<LinkedFeature | null>(null);

  conflict = $state.raw<Conflict | null>(null);
  /** The last deleted annotation, for "Undo". */
  deleted = $state.raw<Annotation | null>(null);
  /** Bumped after every change: the map layer re-fetches its tiles. */
  tileVersion = $state(0);

  private ctx: MapContext | null = null;
  private engine: DrawEngine | null = null;
  private listAbort: AbortController | null = null;

  /** When another owner takes the map (a campaign area, the what-if) the drawing stops; the form stays. */
  private setMode(shape: DrawKind | 'edit' | null, picking: boolean) {
    if (picking) interaction.enter({ kind: 'annotation-link', shape }, () => this.stopDrawing());
    else if (shape) interaction.enter({ kind: 'annotation-draw', shape }, () => this.stopDrawing());
    else interaction.leave('annotation');
  }

  attach(ctx: MapContext) { this.ctx = ctx; }
  detach() { this.engine?.destroy(); this.engine = null; this.ctx = null; }

  get open() { return this.current !== null || this.form !== null; }

  async loadCampaigns() {
    try { this.campaigns = (await advocacy.campaigns()).features; } catch { this.campaigns = []; }
  }

  async loadList() {
    this.listAbort?.abort();
    const ac = (this.listAbort = new AbortController());
    this.listLoading = true;
    try {
      const fc = await advocacy.annotations({ ...this.filter }, ac.signal);
      this.list = fc.features;
      this.matched = fc.numberMatched;
      this.listError = null;
    } catch (err) {
      if (err instanceof ApiError) this.listError = err;
      else if (!(err instanceof DOMException)) throw err;
    } finally {
      if (this.listAbort === ac) this.listLoading = false;
    }
  }

  /** After sign-in/out: what may be seen changed. */
  async reloadAll() {
    this.cancelForm();
    const id = this.current?.id;
    this.current = null;
    this.timeline = [];
    this.tileVersion++;
    await Promise.all([this.loadCampaigns(), this.loadList()]);
    if (id) await this.openAnnotation(id, false);
  }

  async openAnnotation(id: string, fly = true) {
    if (this.form) this.cancelForm();
    this.detailError = null;
    this.actionError = null;
    this.conflict = null;
    try {
      const [a, t] = await Promise.all([advocacy.annotation(id), advocacy.timeline(id)]);
      this.current = a;
      this.timeline = t.entries;
      if (fly) this.flyTo(a.geometry);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.current = null;
      this.detailError = err;
    }
  }

  flyTo(g: AnnotationGeometry) {
    const b = bboxOf(g)!;
    if (g.type === 'Point') this.ctx?.flyTo([b[0], b[1]], 15);
    else this.ctx?.fitBounds(b, { maxZoom: 16 });
  }

  close() {
    this.cancelForm();
    this.current = null;
    this.timeline = [];
    this.detailError = null;
    this.conflict = null;
  }

  private async engineFor(): Promise<DrawEngine | null> {
    const map = this.ctx?.map;
    if (!map) return null;
    this.engine ??= await createTerraDrawEngine(map, {
      onfinish: (g) => { this.geometry = g; this.drawing = null; this.form = { kind: 'new', geometry: g }; this.drawing = 'edit'; },
      onchange: (g) => { this.geometry = g; },
    });
    return this.engine;
  }

  /** Start drawing a new gap; the form opens when the shape is finished. */
  async startDraw(kind: DrawKind) {
    this.close();
    const e = await this.engineFor();
    if (!e) return;
    this.drawing = kind;
    this.geometry = null;
    e.draw(kind);
  }

  stopDrawing() {
    this.engine?.clear();
    interaction.leave('annotation');
  }

  /** Edit the open annotation's text and shape. */
  async startEdit() {
    const a = this.current;
    if (!a?.properties.permissions.edit) return;
    this.formError = null;
    this.conflict = null;
    this.form = { kind: 'edit', id: a.id };
    this.geometry = a.geometry;
    const e = await this.engineFor();
    if (!e) return;
    try { e.edit(a.geometry); this.drawing = 'edit'; } catch { /* the text can still be edited */ }
  }

  cancelForm() {
    this.stopDrawing();
    this.form = null;
    this.formError = null;
    this.geometry = null;
    this.pickedLink = null;
  }

  /** A click on the map while the form waits for a feature to link. */
  pick(link: LinkedFeature) {
    this.pickedLink = link;
    this.pickingLink = false;
  }

  private changed(a: Annotation) {
    this.current = a;
    this.tileVersion++;
    const i = this.list.findIndex((x) => x.id === a.id);
    if (i >= 0) this.list = this.list.map((x) => (x.id === a.id ? a : x));
    void this.loadList();
    void advocacy.timeline(a.id).then((t) => { if (this.current?.id === a.id) this.timeline = t.entries; }).catch(() => undefined);
  }

  /** Save the form: a new annotation, or the changes to the open one (only what changed is sent). */
  async save(campaignId: string, content: AnnotationContent) {
    const form = this.form;
    if (!form) return;
    this.busy = true;
    this.formError = null;
    const geometry = this.engine?.current() ?? this.geometry;
    try {
      if (form.kind === 'new') {
        if (!geometry) return;
        const a = await advocacy.create(campaignId, geometry, content);
        this.cancelForm();
        this.changed(a);
        this.timeline = (await advocacy.timeline(a.id)).entries;
      } else {
        const before = this.current!;
        const properties = diffContent(before, content);
        const geometryChanged = geometry && JSON.stringify(geometry) !== JSON.stringify(before.geometry);
        const change = { ...(geometryChanged ? { geometry } : {}), ...(Object.keys(properties).length ? { properties } : {}) };
        if (!Object.keys(change).length) { this.cancelForm(); return; }
        await this.run(before, { ...properties, ...(geometryChanged ? { geometry } : {}) }, (v) => advocacy.update(before.id, v, change), true);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.formError = err;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Run a versioned change on the open annotation. On 412 the conflict is kept (mine vs the server's)
   * instead of an error; `closeForm` ends editing on success.
   */
  private async run(a: Annotation, mine: Conflict['mine'], call: (version: number) => Promise<Annotation>, closeForm = false) {
    this.actionError = null;
    try {
      const next = await call(a.properties.version);
      if (closeForm) this.cancelForm();
      this.conflict = null;
      this.changed(next);
      return true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const server = err.problem.current as Annotation | undefined;
      if (err.status === 412 && server) { this.conflict = { mine, server, retry: call }; return false; }
      if (closeForm) this.formError = err; else this.actionError = err;
      return false;
    }
  }

  async act(mine: Conflict['mine'], call: (id: string, version: number) => Promise<Annotation>) {
    const a = this.current;
    if (!a) return false;
    this.busy = true;
    try { return await this.run(a, mine, (v) => call(a.id, v)); } finally { this.busy = false; }
  }

  changeStatus(change: StatusChange) { return this.act({ status: change.status }, (id, v) => advocacy.status(id, v, change)); }
  review(reviewStatus: ReviewStatus) { return this.act({ reviewStatus }, (id, v) => advocacy.review(id, v, reviewStatus)); }
  addPhoto(file: File, caption: string, keepLocation: boolean) { return this.act({}, (id, v) => advocacy.addPhoto(id, v, file, caption, keepLocation)); }
  removePhoto(photoId: string) { return this.act({}, (id, v) => advocacy.removePhoto(id, v, photoId)); }

  async remove() {
    const a = this.current;
    if (!a) return;
    const ok = await this.act({}, (id, v) => advocacy.remove(id, v));
    if (ok) { this.deleted = this.current; this.current = null; this.timeline = []; }
  }

  async undoDelete() {
    const d = this.deleted;
    if (!d) return;
    this.busy = true;
    try {
      const a = await advocacy.restore(d.id, d.properties.version);
      this.deleted = null;
      this.changed(a);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.actionError = err;
    } finally { this.busy = false; }
  }

  /** A change to the open annotation's comments (not versioned), then the timeline again. */
  private async onComments(call: (id: string) => Promise<unknown>) {
    const a = this.current;
    if (!a) return false;
    this.busy = true;
    this.actionError = null;
    try {
      await call(a.id);
      this.timeline = (await advocacy.timeline(a.id)).entries;
      return true;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.actionError = err;
      return false;
    } finally { this.busy = false; }
  }

  comment(body: string) { return this.onComments((id) => advocacy.comment(id, body)); }

  /** Delete a comment (soft: the timeline keeps "(comment deleted)"). */
  deleteComment(commentId: string) { return this.onComments((id) => advocacy.deleteComment(id, commentId)); }

  /** 412 → "Reload (discard mine)": take the server's version; editing ends. */
  discardMine() {
    const c = this.conflict;
    if (!c) return;
    this.cancelForm();
    this.conflict = null;
    this.changed(c.server);
  }

  /** 412 → after comparing: apply my change again on the server's current version. */
  async applyMine() {
    const c = this.conflict;
    if (!c) return;
    this.busy = true;
    this.current = c.server;
    try { await this.run(c.server, c.mine, c.retry, this.form !== null); } finally { this.busy = false; }
  }
}

export const annotations = new AnnotationsState();
